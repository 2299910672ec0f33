/**
 * A sample as the evaluator reads it: one row per sampled checkpoint, in Chinese, with
 * why it was likely to be drawn. The same rows make the terminal table and the CSV.
 * The CSV follows ranking.csv: UTF-8 with a byte-order mark and CRLF line ends (what
 * makes Excel and WPS open Chinese text right), cells quoted only when they must be.
 */
import { fromDouble, toFixed } from '../core/exact/index.js';
import type { Sample, SampledCheckpoint } from './sample.js';

export const SAMPLE_COLUMNS = ['序号', '单位代码', '单位名称', '检查点', '检查点名称', '类别', '满分', '得分', '自评分', '差距', '权重', '抽样理由'] as const;

const KIND_WORDS: Readonly<Record<SampledCheckpoint['kind'], string>> = { checkpoint: '考核要点', bonus: '加分项', deduction: '扣分项' };

const fixed = (x: number, places: number) => toFixed(fromDouble(x), places);

/** The weight's terms in words: w = 分值 + 2×差距 + 考核组改动. */
export function sampleReason(row: SampledCheckpoint, places: number): string {
  const reasons = [`分值 ${fixed(row.parts.points, places)}`];
  if (row.gap !== 0) reasons.push(`自评分与得分相差 ${fixed(row.gap, places)}（+${fixed(row.parts.gap, places)}）`);
  if (row.parts.correction !== 0) {
    const what = [
      row.correctedFields.length > 0 ? `核实值与填报不同（${row.correctedLabels.map((label) => `“${label}”`).join('、')}）` : '',
      row.adjusted ? '调整了得分' : '',
    ]
      .filter(Boolean)
      .join('并');
    reasons.push(`考核组${what}（+${fixed(row.parts.correction, places)}）`);
  }
  return reasons.join('；');
}

/** Each sampled checkpoint as the cells of SAMPLE_COLUMNS. */
export function sampleRows(sample: Sample): string[][] {
  const places = sample.precision;
  return sample.rows.map((r) => [
    String(r.order),
    r.unitCode,
    r.unitName,
    r.itemCode,
    r.itemTitle,
    KIND_WORDS[r.kind],
    fixed(r.points, places),
    fixed(r.score, places),
    r.selfScore === undefined ? '' : fixed(r.selfScore, places),
    r.selfScore === undefined ? '' : fixed(r.gap, places),
    fixed(r.weight, places),
    sampleReason(r, places),
  ]);
}

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sampleCsv(sample: Sample): string {
  return `\uFEFF${[[...SAMPLE_COLUMNS], ...sampleRows(sample)].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
