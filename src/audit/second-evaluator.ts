/**
 * The second evaluator: every checkpoint, bonus and deduction item and every veto of
 * every unit evaluated again by a different JsonLogic implementation
 * (second-evaluator/decimal-logic.ts: json-logic-engine with decimal.js), with its own
 * clamping, rounding and totals, and compared with the bundle's results. It shares
 * with the core only the reading of evidence (which values a rule sees, defaults, and
 * whether an item is missing or 不涉及); the evaluation of rules, the arithmetic, the
 * clamp to [0, cap], the rounding at the rubric's precision and the sums are its own,
 * so a bug in the core's evaluator shows up as a disagreement instead of being
 * reproduced.
 */
import { Decimal } from 'decimal.js';
import { type EvidenceDocument, type ResultsV1, type Rubric, readEvidence } from '../core/index.js';
import { isNum, toExactText } from '../core/exact/index.js';
import type { PreparedEvidence } from '../core/evidence/index.js';
import type { Field } from '../core/rubric/index.js';
import type { ReplayProblem } from './replay/report.js';
import { Dec, type DerivedReader, evaluateRule, truthy } from './second-evaluator/decimal-logic.js';
import { type ScoredEntryDocument, type VetoEntryDocument, scoredEntries, vetoEntries } from './second-evaluator/entry-documents.js';
import { Population } from './second-evaluator/population.js';

export interface SecondEvaluation {
  /** Item results compared (checkpoints, bonus and deduction items, across all units). */
  readonly checkpoints: number;
  readonly problems: ReplayProblem[];
}

type UnitResult = ResultsV1['units'][number];

/**
 * Significant digits a rule's result is read to before clamping and rounding. Rules
 * run at 60 digits, so 1/3 × 3 is 0.999…9 (60 nines), where the core's rationals give
 * exactly 1, and rounding down would make that 0.99. A rule's exact result is a
 * fraction with a small denominator q: when it is not on a rounding boundary it is at
 * least 1/(q·10^precision) away from one, far more than 10^-45, so reading the result
 * to 45 digits puts a value that should be on a boundary back on it without moving any
 * other value across one.
 */
const RESULT_DIGITS = 45;

/** decimal.js's mode for the rubric's rounding rule (scores are never negative here, so half-up is half away from zero). */
function roundingOf(rubric: Rubric): Decimal.Rounding {
  return rubric.rounding === 'half-even' ? Decimal.ROUND_HALF_EVEN : rubric.rounding === 'down' ? Decimal.ROUND_DOWN : Decimal.ROUND_HALF_UP;
}

/** The value as the rule reads it: numbers as JavaScript numbers (the decimal the evidence wrote), the rest as given. */
function ruleValue(value: unknown): unknown {
  return isNum(value) ? Number(toExactText(value)) : value;
}

function ruleData(fields: readonly Field[], inputs: PreparedEvidence): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const value = inputs.values[f.slot];
    if (value !== undefined && value !== null) data[f.key] = ruleValue(value);
  }
  return data;
}

/** A rule's result as a finite decimal, or a reason (in Chinese) why it is not one. */
function ruleNumber(result: unknown): Decimal | string {
  if (!(result instanceof Dec) && typeof result !== 'number') return `规则结果 ${JSON.stringify(result) ?? String(result)} 不是数值`;
  const value = new Dec(result);
  return value.isFinite() ? value.toSignificantDigits(RESULT_DIGITS, Decimal.ROUND_HALF_EVEN) : `规则结果为 ${value.toString()}（不是有限数值）`;
}

interface Scored {
  readonly computed: Decimal;
  readonly final: Decimal;
}

function scoreEntry(
  rubric: Rubric,
  entry: ScoredEntryDocument,
  fields: readonly Field[],
  state: string,
  inputs: PreparedEvidence,
  reader: DerivedReader | undefined,
): Scored | string {
  const adjustment = inputs.evidence.items?.[entry.code]?.adjustment;
  const withAdjustment = (computed: Decimal): Scored => ({ computed, final: adjustment ? new Dec(adjustment.score) : computed });
  if (state === 'not_applicable') {
    const score = entry.notApplicable?.score ?? 0;
    return withAdjustment(new Dec(score === 'full' ? entry.points : score));
  }
  if (state !== 'present') return withAdjustment(new Dec(0));
  let result: unknown;
  try {
    result = evaluateRule(entry.rule, ruleData(fields, inputs), reader);
  } catch (error) {
    return `规则无法计算（${error instanceof Error ? error.message : (JSON.stringify(error) ?? String(error))}）`;
  }
  const raw = ruleNumber(result);
  if (typeof raw === 'string') return raw;
  const cap = new Dec(entry.cap ?? entry.points);
  const clamped = raw.isNegative() ? new Dec(0) : raw.greaterThan(cap) ? cap : raw;
  return withAdjustment(clamped.toDecimalPlaces(rubric.precision, roundingOf(rubric)));
}

/** A results number as text at the rubric's places (padded, never rounded: a value with more places is shown as it is). */
const shown = (x: number, places: number) => {
  const value = new Dec(x);
  return value.decimalPlaces() > places ? value.toString() : value.toFixed(places);
};

interface UnitSums {
  base: Decimal;
  bonus: Decimal;
  deductions: Decimal;
}

/** The unit's total from the second evaluator's own item scores: sections, capped bonus, capped deductions, floored at 0. */
function totalOf(rubric: Rubric, finals: ReadonlyMap<string, Decimal>): Decimal {
  const doc = rubric.document;
  const sum = (codes: readonly string[]) => codes.reduce((s, c) => s.plus(finals.get(c) ?? 0), new Dec(0));
  const sums: UnitSums = { base: new Dec(0), bonus: new Dec(0), deductions: new Dec(0) };
  for (const section of doc.sections) {
    const score = sum(section.indicators.flatMap((i) => i.checkpoints.map((c) => c.code)));
    sums.base = sums.base.plus(doc.aggregation === 'weighted' ? score.times(section.weight ?? 0) : score);
  }
  if (doc.aggregation === 'weighted') sums.base = sums.base.toDecimalPlaces(rubric.precision, roundingOf(rubric));
  if (doc.bonus) sums.bonus = bonusOf(doc.bonus, sum);
  if (doc.deductions) {
    const claimed = sum(doc.deductions.items.map((i) => i.code));
    sums.deductions = doc.deductions.cap === undefined ? claimed : Dec.min(claimed, doc.deductions.cap);
  }
  return Dec.max(0, sums.base.plus(sums.bonus).minus(sums.deductions));
}

/** Each group's items up to the group's cap, then all of it up to the overall cap (when the rubric sets one). */
function bonusOf(bonus: NonNullable<Rubric['document']['bonus']>, sum: (codes: readonly string[]) => Decimal): Decimal {
  const groups = bonus.groups ?? [];
  const counted =
    groups.length === 0
      ? sum(bonus.items.map((i) => i.code))
      : groups.reduce((s, g) => s.plus(Dec.min(sum(bonus.items.filter((i) => i.group === g.code).map((i) => i.code)), g.cap)), new Dec(0));
  return bonus.cap === undefined ? counted : Dec.min(counted, bonus.cap);
}

interface RubricEntries {
  readonly scored: ReadonlyMap<string, ScoredEntryDocument>;
  readonly vetoes: ReadonlyMap<string, VetoEntryDocument>;
}

function evaluateUnit(
  rubric: Rubric,
  entries: RubricEntries,
  inputs: PreparedEvidence,
  population: Population | undefined,
  unit: UnitResult,
  out: SecondEvaluation & { checkpoints: number },
): void {
  const who = `单位 ${unit.code}（${unit.name}）`; // followed directly by what, e.g. 考核要点 G10.1
  const disagree = (itemCode: string | undefined, field: string, bundleValue: string, recomputedValue: string, what: string) =>
    out.problems.push({
      part: 'results',
      kind: 'second-evaluator',
      unitCode: unit.code,
      ...(itemCode !== undefined && { itemCode }),
      field,
      bundleValue,
      recomputedValue,
      message: `${who}${what}：第二评估器得 ${recomputedValue}，包内结果为 ${bundleValue}`,
    });
  const finals = new Map<string, Decimal>();
  const places = rubric.precision;

  for (const item of rubric.allItems) {
    const entry = entries.scored.get(item.code) as ScoredEntryDocument;
    const reader = population?.reader(item, unit.code);
    const scored = scoreEntry(rubric, entry, item.fields, inputs.states[item.index] as string, inputs, reader);
    const published = unit.items.find((i) => i.code === item.code);
    if (typeof scored === 'string') {
      out.problems.push({
        part: 'results',
        kind: 'second-evaluator',
        unitCode: unit.code,
        itemCode: item.code,
        message: `${who}考核要点 ${item.code}：第二评估器${scored}`,
      });
      continue;
    }
    finals.set(item.code, scored.final);
    if (!published) continue; // an item missing from the results is reported by the recomputation
    out.checkpoints++;
    const computed = published.computed ?? published.score;
    if (!scored.computed.eq(computed))
      disagree(item.code, 'computed', shown(computed, places), scored.computed.toFixed(places), `考核要点 ${item.code} 的计算得分`);
    else if (!scored.final.eq(published.score))
      disagree(item.code, 'score', shown(published.score, places), scored.final.toFixed(places), `考核要点 ${item.code} 的得分`);
  }

  for (const veto of rubric.vetoes) {
    const published = unit.vetoes.find((v) => v.code === veto.code);
    if (!published) continue;
    let triggered = false;
    if (inputs.vetoStates[veto.index] === 'present') {
      try {
        triggered = truthy(evaluateRule(entries.vetoes.get(veto.code)?.rule, ruleData(veto.fields, inputs)));
      } catch (error) {
        out.problems.push({
          part: 'results',
          kind: 'second-evaluator',
          unitCode: unit.code,
          itemCode: veto.code,
          message: `${who}一票否决事项 ${veto.code}：第二评估器无法计算规则（${String(error)}）`,
        });
        continue;
      }
    }
    const says = (t: boolean) => (t ? '否决' : '不否决');
    if (triggered !== published.triggered) disagree(veto.code, 'triggered', says(published.triggered), says(triggered), `一票否决事项 ${veto.code}`);
  }

  const total = totalOf(rubric, finals);
  if (!total.eq(unit.total)) disagree(undefined, 'total', shown(unit.total, places), total.toFixed(places), '总分');
}

/** readEvidence's answer for one evidence document. */
export type ReadEvidence = ReturnType<typeof readEvidence>;

/**
 * Every unit of the results that has evidence in `evidences`, evaluated again and
 * compared. `evidences` is the whole population the results were assessed over (rules
 * reading `population` are evaluated against all of it), `previous` last year's evidence.
 * `read`: the evidences as readEvidence already read them (replay reads them once for the
 * recomputation and this); the reading is the one thing shared with the core by design.
 */
export function secondEvaluation(
  rubric: Rubric,
  evidences: readonly EvidenceDocument[],
  results: ResultsV1,
  previous?: readonly EvidenceDocument[],
  read: readonly ReadEvidence[] = evidences.map((e) => readEvidence(rubric, e)),
): SecondEvaluation {
  return secondEvaluator(rubric, results, previous, read)(0, results.units.length);
}

/**
 * secondEvaluation made ready for a range of the results' units at a time, results.units[from, to):
 * replay shares the units out between two threads. The ranges' evaluations, joined in order,
 * are secondEvaluation's.
 */
export function secondEvaluator(
  rubric: Rubric,
  results: ResultsV1,
  previous: readonly EvidenceDocument[] | undefined,
  read: readonly ReadEvidence[],
): (from: number, to: number) => SecondEvaluation {
  const entries: RubricEntries = { scored: scoredEntries(rubric), vetoes: vetoEntries(rubric) };
  // Refused evidence is reported by the recomputation: such a unit has nothing to score, and then no statistic can be trusted.
  if (rubric.derivedReads.length > 0 && read.some((r) => r.problems.length > 0)) return () => ({ checkpoints: 0, problems: [] });
  const byCode = new Map(read.filter((r) => r.problems.length === 0).map((r) => [r.inputs.evidence.unit.code, r.inputs]));
  const population = rubric.derivedReads.length > 0 ? new Population([...byCode.values()], previous) : undefined;
  return (from, to) => {
    const out = { checkpoints: 0, problems: [] as ReplayProblem[] };
    for (const unit of results.units.slice(from, to)) {
      const inputs = byCode.get(unit.code);
      if (inputs) evaluateUnit(rubric, entries, inputs, population, unit, out);
    }
    return out;
  };
}
