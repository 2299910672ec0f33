/**
 * kaohe rubric lint: everything parseRubric checks, plus what only running the rules
 * shows: for generated evidence inside every field's declared range, each item's
 * rule must give a finite number within [0, cap]; vetoes must not fail; a result
 * rule must always return a declared grade.
 */
import { KaoheError, type Problem, at, problem } from '../errors.js';
import { excerpt, showValue } from '../excerpt.js';
import { type Num, cmp, div, isFiniteNum, isNum, parseDecimal, toExactText } from '../exact/index.js';
import { toNum } from '../logic/index.js';
import { type Field, type Item, type Rubric, type Veto, checkRubric } from '../rubric/index.js';
import { ruleSteps } from '../rubric/rule-cost.js';
import { type Candidate, combinations, fieldCandidates, showEvidence } from './candidates.js';
import { gradeTextProblems } from './grade-texts.js';
import { POPULATIONS_PER_CASE, derivedName, previousFields, withPopulations } from './population.js';
import { type Random, seedFrom, seededRandom } from '../seeded-random.js';

export interface LintReport {
  readonly problems: readonly Problem[];
  readonly rubric?: Rubric;
  /** How many evidence combinations were evaluated. */
  readonly evaluations: number;
}

/**
 * Evaluation steps (logic/budget.ts, by each rule's worst-case estimate) lint may spend
 * on one rule, and on a whole rubric: a cheap rule gets every combination, a costly one
 * a smaller sample, and lint ends in bounded time whatever the rubric.
 */
const LINT_STEPS_PER_RULE = 2_000_000;
const LINT_STEPS_PER_RUBRIC = 40_000_000;
/** Even past the rubric's budget, each rule still runs on its two corner cases. */
const FEWEST_EVALUATIONS = 2;

/** How many evaluations a rule of `steps` worst-case steps gets, given what is left. */
class LintBudget {
  constructor(private left: number) {}

  evaluations(steps: number): number {
    const perRun = Math.max(1, steps);
    return Math.max(FEWEST_EVALUATIONS, Math.floor(Math.min(LINT_STEPS_PER_RULE, this.left) / perRun));
  }

  spend(evaluations: number, steps: number): void {
    this.left = Math.max(0, this.left - evaluations * Math.max(1, steps));
  }
}

export function lintRubric(json: unknown): LintReport {
  const check = checkRubric(json);
  if (!check.ok) return { problems: check.problems, evaluations: 0 };
  const rubric = check.rubric;
  const problems: Problem[] = [];
  const budget = new LintBudget(LINT_STEPS_PER_RUBRIC);
  let evaluations = 0;
  const run = (rule: { source: unknown; path: string }, fields: readonly Field[], lint: (limit: number) => number) => {
    const { steps } = ruleSteps(rule.source, rule.path, fields);
    const count = lint(budget.evaluations(steps));
    budget.spend(count, steps);
    evaluations += count;
  };
  for (const item of rubric.allItems) run(item.rule, item.fields, (limit) => lintItem(rubric, item, problems, limit));
  for (const veto of rubric.vetoes) run(veto.rule, veto.fields, (limit) => lintVeto(rubric, veto, problems, limit));
  const resultRule = rubric.result.rule;
  if (resultRule) run(resultRule, [], (limit) => lintResultRule(rubric, problems, limit));
  problems.push(...gradeTextProblems(rubric));
  return { problems, rubric, evaluations };
}

function evaluate(rule: { evaluate(d: unknown): unknown }, data: unknown): { value?: unknown; error?: string } {
  try {
    return { value: rule.evaluate(data) };
  } catch (error) {
    if (error instanceof KaoheError) return { error: error.problems[0]?.message ?? error.message };
    throw error;
  }
}

/** Lays a candidate out in the rubric's value slots, as the engine passes it to rules. */
function slotted(rubric: Rubric, fields: readonly Pick<Field, 'key' | 'slot'>[], data: Record<string, unknown>): unknown[] {
  const values = new Array<unknown>(rubric.slotCount).fill(undefined);
  for (const f of fields) values[f.slot] = data[f.key] === null ? undefined : data[f.key];
  return values;
}

/**
 * An item's rule on generated evidence. A rule that reads across units and years is
 * also given last year's values and generated populations (population.ts), so fewer
 * evidence combinations fit in its limit.
 */
function lintItem(rubric: Rubric, item: Item, problems: Problem[], limit: number): number {
  const random = seededRandom(seedFrom(item.code));
  const fields = [...item.fields, ...previousFields(item)];
  const candidates = fields.map((f) => fieldCandidates(f, item.rule.source, random));
  const byKey = new Map<string, readonly Candidate[]>(fields.map((f, i) => [f.key, candidates[i] as Candidate[]]));
  const slots = [...fields, ...item.derivedReads.filter((r) => r.kind === 'population').map((r) => ({ key: derivedName(r), slot: r.slot }))];
  const perCase = item.derivedReads.some((r) => r.kind === 'population') ? POPULATIONS_PER_CASE : 1;
  const rulePath = at(item.path, 'rule');
  const reported = new Set<string>();
  const report = (code: Problem['code'], message: string) => {
    if (reported.has(code)) return;
    reported.add(code);
    problems.push(problem(code, rulePath, message));
  };
  let count = 0;
  const lastYear = fields.slice(item.fields.length);
  const cases = function* () {
    for (const data of combinations(fields, candidates, random, Math.max(2, Math.floor(limit / perCase)))) {
      for (const f of lastYear) if (!(f.key in data)) data[f.key] = null; // named in messages: no value last year
      yield* withPopulations(item, data, byKey, random);
    }
  };
  for (const data of cases()) {
    count++;
    const { value, error } = evaluate(item.rule, slotted(rubric, slots, data));
    const when = `证据为 ${showEvidence(data)} 时`;
    if (error !== undefined) {
      report('rubric_rule_error', `${when}规则出错：${error}`);
      continue;
    }
    if (typeof value !== 'number' && !isNum(value)) {
      report('rule_not_a_number', `${when}规则结果 ${showValue(value)} 不是数值`);
      continue;
    }
    const result: Num = toNum(value);
    if (!isFiniteNum(result)) {
      report('rule_not_finite', `${when}规则结果不是有限数值（${excerpt(String(value))}）：可能除以了零或读取了未填写的字段`);
    } else if (cmp(result, 0) < 0 || cmp(result, item.cap) > 0) {
      report('rubric_rule_range', `${when}规则结果为 ${toExactText(result)}，超出 [0, ${toExactText(item.cap)}]`);
    }
  }
  return count;
}

function lintVeto(rubric: Rubric, veto: Veto, problems: Problem[], limit: number): number {
  const random = seededRandom(seedFrom(veto.code));
  const candidates = veto.fields.map((f) => fieldCandidates(f, veto.rule.source, random));
  let count = 0;
  for (const data of combinations(veto.fields, candidates, random, limit)) {
    count++;
    const { error } = evaluate(veto.rule, slotted(rubric, veto.fields, data));
    if (error !== undefined) {
      problems.push(problem('rubric_rule_error', at(veto.path, 'rule'), `证据为 ${showEvidence(data)} 时规则出错：${error}`));
      break;
    }
  }
  return count;
}

const RESULT_SAMPLES = 2000;

function lintResultRule(rubric: Rubric, problems: Problem[], limit: number): number {
  const rule = rubric.result.rule;
  if (rule === undefined) return 0;
  const samples = Math.min(RESULT_SAMPLES, limit);
  const random = seededRandom(seedFrom(`${rubric.id}:result`));
  const grades = new Set(rubric.result.grades.map((g) => g.grade));
  for (let k = 0; k < samples; k++) {
    const context = resultContextSample(rubric, random, k);
    const { value, error } = evaluate(rule, context);
    if (error !== undefined || typeof value !== 'string' || !grades.has(value)) {
      const why = error ?? `返回了 ${showValue(value)}，不是 grades 中的结果`;
      problems.push(problem('rubric_grade_invalid', '$.result.rule', `总分为 ${toExactText(context.total as Num)} 等情形下结果规则${why}`));
      return k + 1;
    }
  }
  return samples;
}

/** A plausible result-rule context: every score between 0 and its maximum, on the rubric's grid. */
function resultContextSample(rubric: Rubric, random: Random, k: number): Record<string, unknown> {
  const scale = 10 ** rubric.precision;
  const pick = (max: Num): Num => {
    const m = Number(toExactText(max));
    const share = k === 0 ? 0 : k === 1 ? 1 : random();
    return parseDecimal(String(Math.round(share * m * scale) / scale));
  };
  const sections: Record<string, unknown> = {};
  for (const s of rubric.sections) {
    const score = pick(s.points);
    sections[s.code] = { score, max: s.points, rate: cmp(s.points, 0) === 0 ? 0 : div(score, s.points) };
  }
  const items: Record<string, unknown> = {};
  for (const item of rubric.items.values()) {
    const score = pick(item.cap);
    items[item.code] = { score, max: item.points, rate: cmp(item.points, 0) === 0 ? 0 : div(score, item.points) };
  }
  const total = pick(rubric.total);
  return { total, base: total, bonus: 0, deductions: 0, sections, items };
}
