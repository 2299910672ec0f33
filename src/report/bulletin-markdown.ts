/**
 * report.md: the ranked bulletin (通报) as Markdown, readable in a terminal, on a
 * code host and in any editor. Everything in it comes from results.json.
 */
import type { UncertaintyFileV1 } from '../analysis/index.js';
import type { ResultsV1, Rubric, UnitResultV1 } from '../core/index.js';
import { ROUNDING_WORDS, fixed } from './format.js';
import { type GroupedRankingView, type UnitGroups, groupRankText, groupedRanking } from './groups.js';
import { atScale, namedFew } from './scale.js';
import { summarize } from './summary.js';
import { fieldLabels, uncertaintyNotes, uncertaintyParagraph, uncertaintyTable } from './uncertainty-words.js';

function table(header: string[], rows: (string | number)[][]): string {
  const escape = (v: string | number) => String(v).replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`)].join('\n');
}

function summary(results: ResultsV1, places: number): string[] {
  const s = summarize(results);
  const scored = (units: readonly UnitResultV1[]) => units.map((u) => `${u.name}（${fixed(u.total, places)} 分）`).join('、');
  const lines: string[] = [];
  lines.push(`共 ${s.units} 个单位参加考核：${s.grades.map((g) => `${g.grade} ${g.count} 个`).join('，')}。`);
  if (s.top.length > 0) lines.push(`第一名：${scored(s.top)}。`);
  for (const flag of s.flags) lines.push(`${flag.label}：${scored(flag.units)}${flag.obligation ? `，须${flag.obligation}` : ''}。`);
  if (atScale(results) && s.ties.length > 0)
    lines.push(`${s.ties.length} 组共 ${s.ties.reduce((n, t) => n + t.units.length, 0)} 个单位总分相同，各组名次相同（见排名中的“并列”）。`);
  else
    for (const tie of s.ties) {
      lines.push(`${tie.units.map((u) => u.name).join('、')}总分相同（${fixed(tie.total, places)} 分），并列第 ${tie.rank} 名。`);
    }
  if (atScale(results) && s.vetoes.length > 1) {
    // Counted, a few named: the ranking marks every vetoed unit 否决.
    const few = namedFew(s.vetoes.map((v) => v.unit));
    const grades = [...new Set(s.vetoes.map((v) => v.unit.grade))].join('或');
    lines.push(
      `一票否决：共 ${few.count} 个单位，结果为${grades}，得分照常计算；其中${few.named.map((u) => u.name).join('、')}${few.more ? `等 ${few.count} 个单位` : ''}，全部见排名（标“否决”）。`,
    );
  } else
    for (const { unit: u, reasons } of s.vetoes) {
      lines.push(`一票否决：${u.name}——${reasons.map((v) => v.title).join('；')}；结果为${u.grade}，得分 ${fixed(u.total, places)} 分照常计算。`);
    }
  return lines;
}

/** One table per group (兰州市（8 个）…): the rank within it beside the overall rank. */
function groupTables(grouped: GroupedRankingView, places: number): string[] {
  return grouped.groups.flatMap((g) => [
    `### ${g.name}（${g.units.length} 个）`,
    '',
    table(
      [`${grouped.title}内名次`, '单位', '总分', '结果', '总名次'],
      g.units.map((u) => [groupRankText(grouped.byUnit.get(u.code)), u.name, fixed(u.total, places), u.vetoed ? `${u.grade}（否决）` : u.grade, u.rank]),
    ),
    '',
  ]);
}

/** 名次的不确定性 as the HTML bulletin says it, without the chart (charts/chart-uncertainty.png). */
function uncertaintySection(results: ResultsV1, uncertainty: UncertaintyFileV1, rubric: Rubric | undefined): string[] {
  const { intro, header, rows } = uncertaintyTable(uncertainty);
  return [
    '## 名次的不确定性',
    '',
    uncertaintyParagraph(uncertainty, fieldLabels(rubric?.hash === results.rubric.hash ? rubric : undefined)),
    '',
    intro,
    '',
    table(
      [...header],
      rows.map((r) => [...r.cells]),
    ),
    '',
    ...uncertaintyNotes(atScale(results)).map((n) => `- ${n}`),
    '',
  ];
}

/**
 * With `groups`, the ranking also names each unit's group and rank there, and each group gets
 * its own table; with an analysis of how sure the ranks are (`uncertainty`), 名次的不确定性
 * follows the ranking (its fields named as `rubric` labels them).
 */
export function bulletinMarkdown(results: ResultsV1, groups?: UnitGroups, uncertainty?: UncertaintyFileV1, rubric?: Rubric): string {
  const places = results.rubric.precision;
  const grouped = groups && groupedRanking(results, groups);
  const sections = results.units[0]?.sections ?? [];
  const out: string[] = [];
  out.push(`# ${results.rubric.title}：考核结果`, '');
  out.push(`- 考核细则：${results.rubric.id} 版本 ${results.rubric.version}（${results.rubric.hash}）`);
  out.push(`- 证据：${results.evidenceHash}`);
  out.push(`- 计算引擎：kaohe ${results.engine.version}${results.asOf ? `；截至 ${results.asOf}` : ''}`, '');
  out.push('## 概况', '', ...summary(results, places).map((l) => `- ${l}`), '');
  out.push('## 排名', '');
  out.push(
    table(
      [
        '名次',
        '单位',
        ...(grouped ? [`所属${grouped.title}`, `${grouped.title}内名次`] : []),
        '总分',
        '结果',
        ...sections.map((s) => `${s.title}（${fixed(s.max, places)}）`),
        '加分',
        '扣分',
        '标记',
      ],
      results.units.map((u) => [
        u.rank,
        u.name,
        ...(grouped ? [grouped.byUnit.get(u.code)?.name ?? '', grouped.byUnit.get(u.code)?.rank ?? ''] : []),
        fixed(u.total, places),
        u.vetoed ? `${u.grade}（否决）` : u.grade,
        ...u.sections.map((s) => fixed(s.score, places)),
        fixed(u.bonus, places),
        fixed(u.deductions, places),
        [u.tiedWith.length > 0 ? '并列' : '', ...u.flags.map((f) => f.label)].filter(Boolean).join('、'),
      ]),
    ),
    '',
  );
  // At scale the ranking's two group columns say it; tables per group would list every unit again.
  if (grouped && !atScale(results))
    out.push(
      `## 按${grouped.title}排名`,
      '',
      `名次按所属${grouped.title}分组，组内名次与总名次同样比较（总分相同者名次相同）。`,
      '',
      ...groupTables(grouped, places),
    );
  if (uncertainty) out.push(...uncertaintySection(results, uncertainty, rubric));
  const missing = results.units.filter((u) => u.missingItems.length > 0);
  if (missing.length > 0 && atScale(results)) {
    const counts = new Map<string, number>();
    for (const u of missing) for (const code of u.missingItems) counts.set(code, (counts.get(code) ?? 0) + 1);
    const rows = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push('## 缺少证据的考核要点', '', '以下要点有单位因证据缺失按 0 分计（各单位缺少的证据见其评分表）：', '');
    out.push(table(['考核要点', '缺证据单位数'], rows), '');
  } else if (missing.length > 0) {
    out.push('## 缺少证据的考核要点', '', '以下要点因证据缺失按 0 分计：', '');
    out.push(
      table(
        ['单位', '考核要点'],
        missing.map((u) => [u.name, u.missingItems.join('、')]),
      ),
      '',
    );
  }
  out.push('## 计分说明', '');
  out.push(
    `- 每个考核要点的得分按${ROUNDING_WORDS[results.rubric.rounding] ?? results.rubric.rounding}保留 ${places} 位小数，合计时不再修约；计算全程使用精确小数。`,
  );
  out.push('- 名次按总分精确比较；总分相同的单位名次相同（如 1、2、2、4），同名次按单位代码排列。');
  out.push('- 一票否决只改变考核结果，不改变得分。', '');
  return out.join('\n');
}
