/**
 * ranking.csv: one row per unit in ranked order. UTF-8 with a byte-order mark and
 * CRLF line ends, because that is what makes Excel and WPS open Chinese text right.
 */
import type { ResultsV1 } from '../core/index.js';
import { fixed } from './format.js';
import { type UnitGroups, groupedRanking } from './groups.js';

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** With `groups`, two more columns after the unit's name: its group and its rank there. */
export function rankingCsv(results: ResultsV1, groups?: UnitGroups): string {
  const places = results.rubric.precision;
  const grouped = groups && groupedRanking(results, groups);
  const sections = results.units[0]?.sections ?? [];
  const header = [
    '名次',
    '单位代码',
    '单位名称',
    ...(grouped ? [`所属${grouped.title}`, `${grouped.title}内名次`] : []),
    '总分',
    '结果',
    '基础分',
    ...sections.map((s) => `${s.code} ${s.title}（${fixed(s.max, places)}）`),
    '加分',
    '扣分',
    '一票否决',
    '并列',
    '标记',
    '缺证据要点数',
    '自评总分',
  ];
  const rows = results.units.map((u) => [
    u.rank,
    u.code,
    u.name,
    ...(grouped ? [grouped.byUnit.get(u.code)?.name ?? '', grouped.byUnit.get(u.code)?.rank ?? ''] : []),
    fixed(u.total, places),
    u.grade,
    fixed(u.base, places),
    ...u.sections.map((s) => fixed(s.score, places)),
    fixed(u.bonus, places),
    fixed(u.deductions, places),
    u.vetoed ? '是' : '否',
    u.tiedWith.length > 0 ? '是' : '',
    u.flags.map((f) => f.label).join('；'),
    u.missingItems.length,
    u.selfTotal === undefined ? '' : fixed(u.selfTotal, places),
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
