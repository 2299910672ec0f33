/**
 * The report's stylesheet: an official document's look (red masthead, 宋体-like serif
 * for prose, 黑体-like sans for headings and tables), sized for A4 portrait with
 * 15 mm side margins, so every table fits 180 mm. Print rules: each part and each
 * scorecard starts a page, table headers repeat, rows and figures are not split.
 * @page margins match what the PDF adapter asks Chromium for, so a browser's own
 * "print" gives the same pages.
 */
export const STYLE = `
@page { size: A4; margin: 18mm 15mm 20mm 15mm; }
:root {
  --serif: "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  --sans: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif;
  --mono: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace;
  --red: #b5121b; --ink: #1b1b1b; --muted: #5c5c5c; --rule: #8a8a8a; --head: #e9edf2; --band: #f6f7f9;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; background: #fff; }
body { margin: 0 auto; max-width: 180mm; padding: 10mm 0 16mm; font-family: var(--serif); font-size: 10.5pt; line-height: 1.75; color: var(--ink); }
@media print { body { max-width: none; padding: 0; } }
p { margin: 0 0 2mm; }
.lead { text-indent: 2em; }
.muted { color: var(--muted); }
.mono { font-family: var(--mono); font-size: 8pt; word-break: break-all; }

/* Masthead (红头): issuer in red over a red rule, as a provincial office's document is printed. */
.masthead { text-align: center; color: var(--red); margin-bottom: 6mm; position: relative; }
.masthead .issuer { font-family: var(--serif); font-size: 23pt; font-weight: 700; letter-spacing: 0.08em; line-height: 1.3; padding-top: 9mm; }
.masthead .rule { border-top: 1.6pt solid var(--red); border-bottom: 0.5pt solid var(--red); height: 1.4mm; margin-top: 4mm; }
.edition { position: absolute; top: 0; left: 0; font-family: var(--sans); font-size: 8.5pt; line-height: 1.5; border: 0.8pt solid var(--red); color: var(--red); padding: 0.3mm 2mm; letter-spacing: 0.1em; }
h1 { font-family: var(--serif); font-size: 17pt; font-weight: 700; text-align: center; line-height: 1.5; margin: 0 0 5mm; }
h2 { font-family: var(--sans); font-size: 13pt; font-weight: 700; margin: 6mm 0 3mm; line-height: 1.4; break-after: avoid; }
h3 { font-family: var(--sans); font-size: 11pt; font-weight: 700; margin: 5mm 0 2mm; line-height: 1.4; break-after: avoid; }
.addressee { margin: 0 0 2mm; }
.signature { text-align: right; margin-top: 8mm; line-height: 1.9; }

/* Each part after the first, and each scorecard, begins a new printed page. */
.part + .part, .scorecard, .appendix { break-before: page; }
.part:first-of-type { break-before: auto; }

ul.facts { margin: 0 0 2mm; padding-left: 1.4em; }
ul.facts li { margin-bottom: 1mm; }
.obligation { border-left: 1mm solid var(--red); background: #fbf1f1; padding: 1.5mm 3mm; margin: 2mm 0 3mm; font-size: 10pt; break-inside: avoid; }

/* Tables: sans, compact, never wider than the page; CJK breaks anywhere, hashes too. */
table { width: 100%; border-collapse: collapse; font-family: var(--sans); font-size: 8.4pt; line-height: 1.45; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr, .chart, .keyfigs { break-inside: avoid; }
.explain .l0 { break-after: avoid; }
th, td { border: 1px solid var(--rule); padding: 1mm 1.3mm; vertical-align: middle; overflow-wrap: anywhere; }
thead th { background: var(--head); font-weight: 700; text-align: center; }
tbody tr:nth-child(even) td { background: var(--band); }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; white-space: nowrap; }
td.code { white-space: nowrap; font-variant-numeric: tabular-nums; }
th .max, td .max { display: block; font-weight: 400; color: var(--muted); font-size: 7.4pt; }
thead th { white-space: normal; }
th.narrow { white-space: nowrap; }
a { color: inherit; text-decoration: none; }
tbody tr.group td { background: #dfe5ec; font-weight: 700; }
tbody tr.vetoed td { background: #fbecec; }
tbody tr.flagged td { background: #fff7e6; }
.fail { color: var(--red); font-weight: 700; }
.tag { display: inline-block; font-size: 7.4pt; line-height: 1.3; padding: 0 1mm; border: 0.5pt solid currentColor; border-radius: 0.6mm; margin: 0.3mm 0.6mm 0.3mm 0; white-space: nowrap; }
.tag.red { color: var(--red); }
.tag.amber { color: #9a5b00; }
.tag.grey { color: var(--muted); }
.up { color: #1d7a3a; white-space: nowrap; }
.down { color: var(--red); white-space: nowrap; }
.same { color: var(--muted); white-space: nowrap; }
td.reason { font-size: 7.9pt; line-height: 1.4; }
td.reason div + div { margin-top: 0.6mm; }
table.meta th { width: 26mm; text-align: left; background: var(--head); }

/* Figures: scaled to the page, captions in the table face. A very wide chart (the heat table) gets a landscape page of its own. */
@page landscape { size: A4 landscape; margin: 15mm 15mm 18mm 15mm; }
.chart.landscape { page: landscape; }
.chart.landscape img { max-height: 160mm; }
.chart.compact img { max-width: 130mm; }
.chart { margin: 3mm 0 5mm; text-align: center; }
.chart img { max-width: 100%; max-height: 225mm; width: auto; height: auto; }
.chart figcaption { font-family: var(--sans); font-size: 9pt; color: var(--muted); margin-top: 1mm; }

/* Scorecards. */
.scorecard h2.unit { font-family: var(--serif); font-size: 16pt; text-align: center; margin: 0 0 1mm; }
.scorecard .sub { text-align: center; font-family: var(--sans); font-size: 8.5pt; color: var(--muted); margin-bottom: 4mm; }
.keyfigs { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 0 0 3mm; font-family: var(--sans); }
.keyfigs div { border: 0.5pt solid var(--rule); padding: 1.5mm 2mm; text-align: center; line-height: 1.35; }
.keyfigs b { display: block; font-size: 15pt; font-variant-numeric: tabular-nums; }
.keyfigs small { color: var(--muted); font-size: 8pt; }
/* A unit chart is drawn for about 640 px: at 140 mm its labels stay legible in print. */
.chart.unit img { max-width: 140mm; max-height: 120mm; }
.notice { font-family: var(--sans); font-size: 9pt; margin: 0 0 2mm; }
.explain { font-family: var(--sans); font-size: 8pt; line-height: 1.5; border: 0.5pt solid var(--rule); background: var(--band); padding: 1.5mm 2.5mm; margin: 0 0 2.5mm; }
.explain .l0 { font-weight: 700; }
.explain .l1 { padding-left: 1.2em; }
.explain .l2 { padding-left: 2.6em; }
.explain .l3 { padding-left: 4em; }
ol.findings { font-family: var(--sans); font-size: 8.6pt; padding-left: 1.6em; margin: 0 0 2mm; }
ol.findings li { margin-bottom: 0.8mm; }
`;
