/**
 * The report section of `npm run bench`: how long the full report set takes for the 14
 * Gansu units and for 28 and 56 (issue 4: "takes seconds, and grows linearly with units").
 *
 * The results are built the way `kaohe assess` builds them (loadRubric, loadEvidence,
 * withRegister, assessPrepared, buildResults) from seeds/evidence/2015; 28 and 56 units
 * are the seeds cloned once and three times under new codes and names (兰州市（二）,
 * code 620101, …), so every clone scores, ranks and reports like its seed.
 *
 * - The set without the PDF, `reportSet(input, { pdf: false })`: charts, both HTML
 *   editions, scorecards, XLSX, CSV and Markdown. One warm-up at 14 units, then rounds
 *   that run 14, 28 and 56 units in turn; each row is the median, the growth the median
 *   over rounds of the paired ratio (56 units / 14 units; linear is 4.00).
 * - The PDF alone, once at 14 and once at 56 units: Chromium printing the report.html
 *   of the last round, stamped as reportSet stamps it (launch included, as `kaohe assess`
 *   pays it). Skipped, with a line saying so, when /usr/bin/chromium is missing or
 *   cannot print.
 * - With KAOHE_BENCH_REPORT_PARTS=1, where the time goes: reportSet's steps one by one,
 *   one run at 14 and one at 56 units (about 10 s more).
 *
 * About a minute on 2 cores (PDFs ~20 s of it); KAOHE_BENCH_REPORT_ROUNDS (default 3) sets the rounds.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { evidenceFiles, loadEvidence, loadRubric } from '../src/adapters/files/load.js';
import { loadUnits } from '../src/adapters/files/units.js';
import { CHROMIUM_PATH, printPdf, stampPdfDates } from '../src/adapters/pdf/index.js';
import { reportCharts, reportSet } from '../src/adapters/report-set.js';
import { reportWorkbook, workbookDate } from '../src/adapters/xlsx/index.js';
import { withRegister } from '../src/cli/unit-register.js';
import { type PreparedEvidence, type Rubric, assessPrepared, buildResults, prepareEvidence } from '../src/core/index.js';
import { type ReportInput, bulletinHtml, bulletinMarkdown, rankingCsv, scorecardHtml } from '../src/report/index.js';
import { collect, median, pairedRatio } from './stats.js';

const ROUNDS = Number(process.env.KAOHE_BENCH_REPORT_ROUNDS ?? 3);
const RUBRIC_FILE = 'rubrics/gansu-2015.json';
const EVIDENCE_DIR = 'seeds/evidence/2015';
const UNITS_FILE = 'seeds/units.json';
/** Copies of the 14 seeds: 14, 28 and 56 units. */
const COPIES = [1, 2, 4] as const;
/** The k-th copy's name suffix and code offset (620100 → 620101 …; no seed code ends in 1–3). */
const COPY_SUFFIX = ['', '（二）', '（三）', '（四）'];

type Input = ReportInput & { rubric: Rubric };

/** The seeds and `copies - 1` clones of each, assessed and built into results as `kaohe assess` does. */
function seededInput(rubric: Rubric, seeds: readonly PreparedEvidence[], copies: number): Input {
  const register = loadUnits(UNITS_FILE);
  const prepared = [...seeds];
  const units = [...register.units];
  for (let k = 1; k < copies; k++) {
    for (const seed of seeds) {
      const unit = { code: String(Number(seed.evidence.unit.code) + k), name: `${seed.evidence.unit.name}${COPY_SUFFIX[k]}` };
      prepared.push(prepareEvidence(rubric, { ...seed.evidence, unit }));
      const kind = register.units.find((u) => u.code === seed.evidence.unit.code)?.kind ?? '地级市';
      units.push({ ...unit, kind });
    }
  }
  const all = withRegister(rubric, { ...register, units }, prepared, UNITS_FILE);
  const assessment = assessPrepared(rubric, all, { engineVersion: 'bench', year: rubric.year });
  return {
    results: buildResults(
      rubric,
      assessment,
      all.map((p) => p.evidence),
    ),
    rubric,
  };
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  collect();
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

/** reportSet's steps one by one (src/adapters/report-set.ts), timed. */
async function parts(input: Input): Promise<string> {
  const charts = await timed(() => reportCharts(input));
  const images = charts.value.charts;
  const html = await timed(() => bulletinHtml(input, images));
  const publicHtml = await timed(() => bulletinHtml(input, images, { edition: 'public' }));
  const cards = await timed(() => input.results.units.map((u) => scorecardHtml(input, u.code, images)));
  const xlsx = await timed(() => reportWorkbook(input));
  const tables = await timed(() => [rankingCsv(input.results), bulletinMarkdown(input.results)]);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  return (
    `charts ${f(charts.ms)} (${images.size} PNGs), report.html ${f(html.ms)} (${(html.value.length / 2 ** 20).toFixed(1)} MiB), ` +
    `public ${f(publicHtml.ms)}, scorecards ${f(cards.ms)}, xlsx ${f(xlsx.ms)}, csv+md ${f(tables.ms)}`
  );
}

/** The PDF as reportSet makes it, or why it could not be made. */
async function pdfTime(input: Input, html: string): Promise<{ ms: number; pages: number } | string> {
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (sudo bash scripts/setup.sh)`;
  try {
    const { ms, value } = await timed(async () => stampPdfDates(await printPdf(html), workbookDate(input.results.asOf)));
    const pages =
      Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        .toString('latin1')
        .match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    return { ms, pages };
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;
  }
}

export async function reportBenchmark(): Promise<void> {
  const started = performance.now();
  const rubric = loadRubric(RUBRIC_FILE);
  const seeds = loadEvidence(rubric, evidenceFiles(EVIDENCE_DIR));
  const inputs = COPIES.map((copies) => seededInput(rubric, seeds, copies));
  const sizes = inputs.map((i) => i.results.units.length);
  const first = inputs[0] as Input;
  const last = inputs[inputs.length - 1] as Input;

  console.log(
    `Report set: ${sizes.join(' / ')} units (Gansu seeds ×${COPIES.join('/×')}), charts + HTML + scorecards + XLSX + CSV + MD, ` +
      `no PDF; ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (median), PDF once per size`,
  );
  const warmUp = await reportSet(first, { pdf: false });
  for (const w of warmUp.warnings) console.log(`note: ${w}`);
  const times: number[][] = inputs.map(() => []);
  const files: number[] = inputs.map(() => 0);
  /** Each size's report.html from the last round, for the PDF. */
  const htmls: string[] = inputs.map(() => '');
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, input] of inputs.entries()) {
      const { ms, value } = await timed(() => reportSet(input, { pdf: false }));
      (times[i] as number[]).push(ms);
      files[i] = value.files.length;
      const html = value.files.find((f) => f.name === 'report.html')?.content;
      if (typeof html === 'string') htmls[i] = html;
    }
  }
  const medians = times.map(median);
  for (const [i, units] of sizes.entries()) {
    const ms = medians[i] as number;
    console.log(
      `report set  ${String(units).padStart(2)} units ${String(files[i]).padStart(4)} files ${ms.toFixed(0).padStart(7)} ms ${(ms / units).toFixed(1).padStart(7)} ms/unit  ×${pairedRatio(times[i] as number[], times[0] as number[]).toFixed(2)}`,
    );
  }
  const growth = pairedRatio(times[times.length - 1] as number[], times[0] as number[]);

  if (process.env.KAOHE_BENCH_REPORT_PARTS === '1') {
    for (const input of [first, last]) console.log(`one run     ${String(input.results.units.length).padStart(2)} units: ${await parts(input)}`);
  }
  const pdfs: { units: number; result: { ms: number; pages: number } | string }[] = [];
  for (const i of [0, inputs.length - 1]) pdfs.push({ units: sizes[i] as number, result: await pdfTime(inputs[i] as Input, htmls[i] as string) });
  for (const { units, result } of pdfs) {
    if (typeof result === 'string') console.log(`report PDF  ${String(units).padStart(2)} units skipped: ${result}`);
    else
      console.log(
        `report PDF  ${String(units).padStart(2)} units ${String(result.pages).padStart(4)} pages ${result.ms.toFixed(0).padStart(7)} ms ${(result.ms / units).toFixed(1).padStart(7)} ms/unit  (Chromium, launch included)`,
      );
  }

  for (const [i, units] of sizes.entries()) console.log(`report_set_${units}_units_ms=${(medians[i] as number).toFixed(0)}`);
  for (const [i, units] of sizes.entries()) console.log(`report_set_${units}_units_ms_per_unit=${((medians[i] as number) / units).toFixed(1)}`);
  console.log(`report_set_growth_${sizes[sizes.length - 1]}_vs_${sizes[0]}=${growth.toFixed(2)}`);
  for (const { units, result } of pdfs) if (typeof result !== 'string') console.log(`report_pdf_${units}_units_ms=${result.ms.toFixed(0)}`);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const pdfWords = pdfs.every((p) => typeof p.result !== 'string')
    ? `; the PDF adds ${pdfs.map((p) => `${seconds((p.result as { ms: number }).ms)} (${p.units})`).join(' and ')}`
    : '; PDF skipped';
  console.log(
    `report set without PDF: ${seconds(medians[0] as number)} for ${sizes[0]} units, ${seconds(medians[medians.length - 1] as number)} for ${sizes[sizes.length - 1]} ` +
      `(×${growth.toFixed(2)}; linear would be ×${((sizes[sizes.length - 1] as number) / (sizes[0] as number)).toFixed(2)})${pdfWords}; section took ${seconds(performance.now() - started)}`,
  );
}
