/**
 * From the engine's AssessmentResult to results.json. Key order is fixed here and
 * nothing depends on a clock or on object identity, so the same inputs give
 * byte-identical output.
 */
import type { EvidenceDocument } from '../evidence/index.js';
import { type Num, toJsonValue } from '../exact/index.js';
import { type ContentHash, contentHash } from '../provenance/index.js';
import type { AssessmentResult, ItemResult, RankedUnit, VetoResult } from '../assessment-result.js';
import type { Rubric } from '../rubric/index.js';
import { itemTrace, vetoTrace } from '../trace/events.js';
import { allItemResults, vetoResult } from '../item-views.js';
import type { ItemResultV1, ResultsV1, UnitResultV1, VetoResultV1 } from './types.js';

/** Exact values that are at the rubric's precision always print as short decimals. */
export function n(x: Num): number {
  const v = toJsonValue(x);
  if (typeof v !== 'number') throw new RangeError(`not a publishable decimal: ${v}`);
  return v;
}

function itemV1(rubric: Rubric, r: ItemResult): ItemResultV1 {
  const { item } = r;
  return {
    code: item.code,
    kind: item.kind,
    title: item.title,
    section: item.sectionCode,
    indicator: item.indicatorCode,
    group: item.kind === 'bonus' ? rubric.bonus?.groups.find((g) => g.items.includes(item))?.code : undefined,
    task: item.task,
    key: item.key || undefined,
    max: n(item.points),
    cap: item.cap === item.points ? undefined : n(item.cap),
    score: n(r.score),
    computed: r.adjusted ? n(r.computed) : undefined,
    selfScore: r.selfScore === undefined ? undefined : n(r.selfScore),
    status: r.status,
    missing: r.status === 'missing',
    missingFields: r.status === 'missing' ? [...r.missingFields] : undefined,
    adjustment: r.adjustment && { score: n(r.adjustment.score), justification: r.adjustment.justification, by: r.adjustment.by },
    note: r.note,
    finding: r.finding,
    trace: itemTrace(r, rubric.precision, rubric.rounding),
  };
}

function vetoV1(v: VetoResult): VetoResultV1 {
  return {
    code: v.veto.code,
    title: v.veto.title,
    result: v.veto.result,
    triggered: v.triggered,
    missing: v.missing,
    trace: vetoTrace(v),
  };
}

function unitV1(rubric: Rubric, placed: RankedUnit, evidenceHash: ContentHash, previousHash: ContentHash | undefined): UnitResultV1 {
  const u = placed.result;
  const items = allItemResults(rubric, u);
  return {
    rank: placed.rank,
    code: u.unit.code,
    name: u.unit.name,
    total: n(u.total),
    grade: u.grade,
    scoreGrade: u.scoreGrade,
    vetoed: u.vetoed,
    tiedWith: [...placed.tiedWith],
    flags: placed.flags.map((f) => ({ code: f.code, label: f.label, obligation: f.obligation })),
    base: n(u.base),
    bonusClaimed: n(u.bonusClaimed),
    bonus: n(u.bonus),
    bonusGroups: u.bonusGroups?.map((g) => ({ code: g.code, title: g.title, cap: n(g.cap), claimed: n(g.claimed), bonus: n(g.bonus) })),
    deductionsClaimed: n(u.deductionsClaimed),
    deductions: n(u.deductions),
    selfTotal: u.selfTotal === undefined ? undefined : n(u.selfTotal),
    sections: u.sections.map((s) => ({
      code: s.code,
      title: s.title,
      max: n(s.max),
      score: n(s.score),
      weight: s.weight === undefined ? undefined : n(s.weight),
    })),
    missingItems: items.filter((r) => r.status === 'missing').map((r) => r.item.code),
    evidenceHash,
    previousEvidenceHash: previousHash,
    items: items.map((r) => itemV1(rubric, r)),
    vetoes: rubric.vetoes.map((v) => vetoV1(vetoResult(rubric, u, v))),
  };
}

/** Drops undefined members so the JSON text has no holes and a stable shape. */
function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const sortedHash = (hashes: ReadonlyMap<string, ContentHash>) => contentHash([...hashes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** results.json's evidenceHash of these documents: what an analysis of the same evidence records, to be matched with its results. */
export function evidenceSetHash(evidences: readonly EvidenceDocument[]): ContentHash {
  return sortedHash(new Map(evidences.map((e) => [e.unit.code, contentHash(e)])));
}

/** results.json in two parts: everything but the units, and the units one at a time. */
export interface ResultsParts {
  /** Every member of results.json before its units, compacted (the summary reads every unit's assessment, not its results). */
  readonly head: Omit<ResultsV1, 'units'>;
  /**
   * Each unit's results in ranking order, built as they are asked for and not compacted
   * (JSON.stringify drops the undefined members, as the file does): a reader that takes
   * one unit at a time never holds them all.
   */
  units(): Generator<UnitResultV1>;
}

export function resultsParts(rubric: Rubric, assessment: AssessmentResult, evidences: readonly EvidenceDocument[]): ResultsParts {
  const hashes = new Map(evidences.map((e) => [e.unit.code, contentHash(e)]));
  // Last year's evidence is named only when the rules read it: otherwise the results do not depend on it.
  const readsPrevious = rubric.derivedReads.some((r) => r.kind === 'previous') && assessment.options.previous !== undefined;
  const previous = readsPrevious ? new Map((assessment.options.previous ?? []).map((e) => [e.unit.code, contentHash(e)])) : undefined;
  const byCode = (list: readonly RankedUnit[]) => list.map((u) => u.result.unit.code);
  const ties: string[][] = [];
  for (const u of assessment.units) if (u.tiedWith.length > 0 && u.tiedWith[0] === u.result.unit.code) ties.push([...u.tiedWith]);
  const head = compact<Omit<ResultsV1, 'units'>>({
    kaohe: 'results/v1',
    engine: { name: 'kaohe', version: assessment.options.engineVersion },
    rubric: {
      id: rubric.id,
      version: rubric.version,
      year: rubric.year,
      title: rubric.title,
      hash: rubric.hash,
      total: n(rubric.total),
      precision: rubric.precision,
      rounding: rubric.rounding,
    },
    year: rubric.year,
    asOf: assessment.options.asOf,
    evidenceHash: sortedHash(hashes),
    previousEvidenceHash: previous && sortedHash(previous),
    summary: {
      units: assessment.units.length,
      grades: rubric.result.grades.map((g) => {
        const holders = assessment.units.filter((u) => u.result.grade === g.grade);
        return { grade: g.grade, count: holders.length, units: byCode(holders) };
      }),
      vetoed: byCode(assessment.units.filter((u) => u.result.vetoed)),
      ties,
      flags: rubric.flags.map((f) => ({ code: f.code, label: f.label, units: byCode(assessment.units.filter((u) => u.flags.includes(f))) })),
    },
  });
  return {
    head,
    *units() {
      for (const u of assessment.units) yield unitV1(rubric, u, hashes.get(u.result.unit.code) as ContentHash, previous?.get(u.result.unit.code));
    },
  };
}

export function buildResults(rubric: Rubric, assessment: AssessmentResult, evidences: readonly EvidenceDocument[]): ResultsV1 {
  const parts = resultsParts(rubric, assessment, evidences);
  return compact<ResultsV1>({ ...parts.head, units: [...parts.units()] });
}
