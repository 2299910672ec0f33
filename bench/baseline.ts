/**
 * The baseline: the same assessment done the plain way, with json-logic-js `apply`
 * on every rule and binary floating point everywhere. Its rounding nudges values by
 * a relative 1e-12 before rounding half up, the usual spreadsheet remedy for 1.005.
 */
import jsonLogic from 'json-logic-js';
import type { EvidenceDocument, Rubric } from '../src/core/index.js';
import { toNumber } from '../src/core/exact/index.js';
import type { Field, Item } from '../src/core/rubric/index.js';

export interface BaselineUnit {
  code: string;
  items: Map<string, number>;
  total: number;
  grade: string;
  rank: number;
}

function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f * (1 + Math.sign(x) * 1e-12)) / f;
}

function data(fields: readonly Field[], values: Record<string, unknown>): { data: Record<string, unknown>; missing: boolean } {
  const out: Record<string, unknown> = {};
  let missing = false;
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null) {
      if (f.default !== undefined) out[f.key] = typeof f.default === 'object' && f.default !== null && !Array.isArray(f.default) ? toNumber(f.default as never) : f.default;
      else if (f.required) missing = true;
    } else out[f.key] = v;
  }
  return { data: out, missing };
}

function scoreItem(rubric: Rubric, item: Item, evidence: EvidenceDocument): number {
  const given = evidence.items[item.code];
  const cap = toNumber(item.cap);
  if (given?.notApplicable) return toNumber(item.notApplicable?.score ?? 0);
  const { data: d, missing } = data(item.fields, given?.values ?? {});
  if (missing) return 0;
  const raw = Number(jsonLogic.apply(item.rule.source as never, d));
  return round(Math.min(Math.max(raw, 0), cap), rubric.precision);
}

export function baselineAssess(rubric: Rubric, evidences: readonly EvidenceDocument[]): BaselineUnit[] {
  const units = evidences.map((e) => {
    const items = new Map<string, number>();
    let base = 0;
    for (const item of rubric.checkpoints) {
      const s = scoreItem(rubric, item, e);
      items.set(item.code, s);
      base += s;
    }
    let bonus = 0;
    for (const item of rubric.bonus?.items ?? []) bonus += scoreItem(rubric, item, e);
    let deductions = 0;
    for (const item of rubric.deductions?.items ?? []) deductions += scoreItem(rubric, item, e);
    bonus = Math.min(bonus, toNumber(rubric.bonus?.cap ?? Infinity));
    deductions = Math.min(deductions, rubric.deductions?.cap === undefined ? Infinity : toNumber(rubric.deductions.cap));
    const total = Math.max(0, base + bonus - deductions);
    const vetoed = rubric.vetoes.some((v) => {
      const { data: d } = data(v.fields, e.items[v.code]?.values ?? {});
      return jsonLogic.truthy(jsonLogic.apply(v.rule.source as never, d));
    });
    const grades = rubric.result.grades;
    const band = grades.find((g) => g.min === undefined || total >= toNumber(g.min)) ?? grades[grades.length - 1];
    return { code: e.unit.code, items, total, grade: vetoed ? rubric.result.veto : (band?.grade as string), rank: 0 };
  });
  const sorted = [...units].sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    u.rank = prev && prev.total === u.total ? prev.rank : i + 1;
  });
  return sorted;
}
