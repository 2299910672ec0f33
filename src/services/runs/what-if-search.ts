/**
 * One what-if search of a stored run, as a job of plain texts (a parsed rubric holds
 * closures and cannot cross to a worker thread): the rubric's source, every unit's
 * evidence as the run scored it, last year's when the run read it, the unit and the goal.
 * Pure: the same job gives the same answer wherever it runs, in the server's thread
 * (tests, the default) or in a worker (adapters/what-if-worker, in production).
 */
import { type EvidenceDocument, type Rubric, checkRubric, readEvidence } from '../../core/index.js';
import { toFixed } from '../../core/exact/index.js';
import { type Change, type Goal, type Standing, whatItTakes } from '../../analysis/index.js';

/** A goal as the API names it: grade, flag or places:n. */
export type GoalName = 'grade' | 'flag' | `places:${number}`;

export interface StandingView {
  readonly total: number;
  readonly rank: number;
  readonly grade: string;
  readonly flags: readonly { readonly code: string; readonly label: string }[];
}

export interface ChangeView {
  readonly item: string;
  readonly itemTitle: string;
  readonly field: string;
  readonly label: string;
  /** The field's unit of measure (%, 个, …), when it has one. */
  readonly unit?: string;
  /** The value the run scored; null when the unit left it empty. */
  readonly from: number | boolean | string | null;
  readonly to: number | boolean | string;
  /** What the checkpoint's score gains (or loses) with the change, at the rubric's precision. */
  readonly points: number;
}

export interface UnitWhatIfView {
  readonly runId: string;
  readonly unit: { readonly code: string; readonly name: string };
  readonly goal: GoalName;
  /** The next better result, for goal grade; absent when the unit already has the best. */
  readonly target?: string;
  /** The flag goal flag is about (the rubric's first, 后三位). */
  readonly flag?: { readonly code: string; readonly label: string };
  /** How many units the run ranks. */
  readonly units: number;
  readonly reached: boolean;
  readonly before: StandingView;
  readonly after?: StandingView;
  readonly changes: readonly ChangeView[];
}

export interface WhatIfJob {
  readonly runId: string;
  readonly engineVersion: string;
  readonly rubric: { readonly hash: string; readonly source: string };
  /** Every unit's evidence document (JSON text) as the run scored it. */
  readonly evidence: readonly string[];
  /** Last year's evidence documents (JSON texts), when the run read them. */
  readonly previous?: readonly string[];
  readonly unitCode: string;
  /** A goal the service has checked against the rubric (flag only when it has one). */
  readonly goal: GoalName;
}

/** Runs a job; where (this thread or a worker) is the adapter's choice. */
export type WhatIfSearcher = (job: WhatIfJob) => Promise<UnitWhatIfView>;

export function goalFor(name: GoalName, rubric: Rubric): Goal | null {
  if (name === 'grade') return { kind: 'grade' };
  if (name === 'flag') return rubric.flags[0] === undefined ? null : { kind: 'flag', code: rubric.flags[0].code };
  return { kind: 'places', places: Number(name.slice('places:'.length)) };
}

function standingView(rubric: Rubric, s: Standing): StandingView {
  return {
    total: Number(toFixed(s.total, rubric.precision)),
    rank: s.rank,
    grade: s.grade,
    flags: rubric.flags.filter((f) => s.flags.includes(f.code)).map((f) => ({ code: f.code, label: f.label })),
  };
}

function changeView(rubric: Rubric, c: Change): ChangeView {
  const owner = rubric.items.get(c.item) ?? rubric.vetoes.find((v) => v.code === c.item);
  const field = owner?.fields.find((f) => f.key === c.field);
  return {
    item: c.item,
    itemTitle: owner?.title ?? '',
    field: c.field,
    label: c.label,
    ...(field?.unit !== undefined && { unit: field.unit }),
    from: c.from ?? null,
    to: c.to,
    points: Number(toFixed(c.points, rubric.precision)),
  };
}

export function searchWhatIf(job: WhatIfJob): UnitWhatIfView {
  const check = checkRubric(JSON.parse(job.rubric.source));
  if (!check.ok) throw new Error(`评分所用的考核细则无法读取：${check.problems[0]?.message ?? ''}`);
  const rubric = { ...check.rubric, hash: job.rubric.hash as typeof check.rubric.hash };
  const goal = goalFor(job.goal, rubric);
  if (goal === null) throw new Error('该考核细则没有标记');
  const evidence = job.evidence.map((text) => JSON.parse(text) as EvidenceDocument);
  const previous = job.previous?.map((text) => JSON.parse(text) as EvidenceDocument);
  const answer = whatItTakes(
    rubric,
    evidence.map((e) => readEvidence(rubric, e).inputs),
    job.unitCode,
    goal,
    { engineVersion: job.engineVersion, year: rubric.year, ...(previous !== undefined && { previous }) },
  );
  const flag = goal.kind === 'flag' ? rubric.flags.find((f) => f.code === goal.code) : undefined;
  const unit = evidence.find((e) => e.unit.code === job.unitCode)?.unit;
  return {
    runId: job.runId,
    unit: { code: job.unitCode, name: unit?.name ?? job.unitCode },
    goal: job.goal,
    ...(answer.target !== undefined && { target: answer.target }),
    ...(flag !== undefined && { flag: { code: flag.code, label: flag.label } }),
    units: evidence.length,
    reached: answer.reached,
    before: standingView(rubric, answer.before),
    ...(answer.after !== undefined && { after: standingView(rubric, answer.after) }),
    changes: answer.changes.map((c) => changeView(rubric, c)),
  };
}

/** In the calling thread: for tests and the command line, where nothing else waits on the event loop. */
export const searchInThisThread: WhatIfSearcher = (job) => Promise.resolve().then(() => searchWhatIf(job));
