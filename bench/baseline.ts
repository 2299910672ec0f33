/**
 * The baselines: the same assessment done the plain way, with binary floating point
 * everywhere and each rule run by a JsonLogic library: json-logic-js `apply`, or
 * json-logic-engine's compiled mode (each rule built once into a JavaScript function,
 * before timing, as Kaohe parses its rubric before timing). Scores are rounded half up
 * after nudging by a relative 1e-12, the usual spreadsheet remedy for 1.005, and
 * totals are ranked after rounding, so that float noise does not split ties.
 */
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import type { EvidenceDocument, Rubric } from '../src/core/index.js';
import { type Num, toNumber } from '../src/core/exact/index.js';
import type { Field, Item } from '../src/core/rubric/index.js';

export interface BaselineUnit {
  code: string;
  /** Checkpoint scores in rubric order. */
  scores: number[];
  total: number;
  grade: string;
  rank: number;
}

/** Per item: the data object json-logic-js reads, or why there is none. */
type PreparedItem = { data: Record<string, unknown> } | 'missing' | 'not_applicable';

export interface BaselineInput {
  code: string;
  items: PreparedItem[];
  vetoes: Record<string, unknown>[];
}

function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f * (1 + Math.sign(x) * 1e-12)) / f;
}

function plainDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? toNumber(value as Num) : value;
}

function dataFor(fields: readonly Field[], values: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null) {
      if (f.default !== undefined) out[f.key] = plainDefault(f.default);
      else if (f.required) return undefined;
    } else out[f.key] = v;
  }
  return out;
}

/** Picks each item's values out of the evidence, as a json-logic-js user would before applying rules. */
export function baselinePrepare(rubric: Rubric, e: EvidenceDocument): BaselineInput {
  const items = rubric.allItems.map((item): PreparedItem => {
    const given = e.items?.[item.code];
    if (given?.notApplicable) return 'not_applicable';
    const data = dataFor(item.fields, given?.values ?? {});
    return data === undefined ? 'missing' : { data };
  });
  const vetoes = rubric.vetoes.map((v) => dataFor(v.fields, e.items?.[v.code]?.values ?? {}) ?? {});
  return { code: e.unit.code, items, vetoes };
}

/** How a baseline runs rules: one function per item and per veto, by index. */
export interface BaselineRules {
  readonly items: readonly ((data: Record<string, unknown>) => unknown)[];
  readonly vetoes: readonly ((data: Record<string, unknown>) => unknown)[];
}

/** json-logic-js `apply` on the rule's source, every time. */
export function jsonLogicJsRules(rubric: Rubric): BaselineRules {
  const applying = (source: unknown) => (data: Record<string, unknown>) => jsonLogic.apply(source as never, data);
  return { items: rubric.allItems.map((item) => applying(item.rule.source)), vetoes: rubric.vetoes.map((v) => applying(v.rule.source)) };
}

/** json-logic-engine's compiled mode: each rule built once into a function (the engine generates its code). */
export function jsonLogicEngineRules(rubric: Rubric): BaselineRules {
  const engine = new LogicEngine();
  const build = (source: unknown) => engine.build(source) as (data: Record<string, unknown>) => unknown;
  return { items: rubric.allItems.map((item) => build(item.rule.source)), vetoes: rubric.vetoes.map((v) => build(v.rule.source)) };
}

export function baselineAssessPrepared(rubric: Rubric, inputs: readonly BaselineInput[], rules: BaselineRules = jsonLogicJsRules(rubric)): BaselineUnit[] {
  const places = rubric.precision;
  const caps = rubric.allItems.map((item) => toNumber(item.cap));
  const naScores = rubric.allItems.map((item) => toNumber(item.notApplicable?.score ?? 0));
  const bonusCap = rubric.bonus ? toNumber(rubric.bonus.cap) : Infinity;
  const deductionCap = rubric.deductions?.cap === undefined ? Infinity : toNumber(rubric.deductions.cap);
  const bands = rubric.result.grades.map((g) => ({ grade: g.grade, min: g.min === undefined ? -Infinity : toNumber(g.min) }));
  const score = (item: Item, prepared: PreparedItem): number => {
    if (prepared === 'not_applicable') return naScores[item.index] as number;
    if (prepared === 'missing') return 0;
    const raw = Number((rules.items[item.index] as (data: Record<string, unknown>) => unknown)(prepared.data));
    return round(Math.min(Math.max(raw, 0), caps[item.index] as number), places);
  };
  const units = inputs.map((input) => {
    const scores: number[] = [];
    let base = 0;
    let bonus = 0;
    let deductions = 0;
    for (const item of rubric.allItems) {
      const s = score(item, input.items[item.index] as PreparedItem);
      if (item.kind === 'checkpoint') {
        scores.push(s);
        base += s;
      } else if (item.kind === 'bonus') bonus += s;
      else deductions += s;
    }
    const total = round(Math.max(0, base + Math.min(bonus, bonusCap) - Math.min(deductions, deductionCap)), places);
    const vetoed = rubric.vetoes.some((v) =>
      jsonLogic.truthy((rules.vetoes[v.index] as (data: Record<string, unknown>) => unknown)(input.vetoes[v.index] as Record<string, unknown>)),
    );
    const band = bands.find((b) => total >= b.min) ?? bands[bands.length - 1];
    return { code: input.code, scores, total, grade: vetoed ? rubric.result.veto : (band?.grade as string), rank: 0 };
  });
  const sorted = [...units].sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    u.rank = prev && prev.total === u.total ? prev.rank : i + 1;
  });
  return sorted;
}

export function baselineAssess(rubric: Rubric, evidences: readonly EvidenceDocument[], rules: BaselineRules = jsonLogicJsRules(rubric)): BaselineUnit[] {
  return baselineAssessPrepared(
    rubric,
    evidences.map((e) => baselinePrepare(rubric, e)),
    rules,
  );
}
