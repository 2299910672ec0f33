/**
 * A spot-check sample (抽样复核): which checkpoints of which units a third-party
 * evaluator re-checks, drawn so that nobody can choose it after the fact and anybody
 * can draw it again: the same bundle, size and seed give the same sample, byte for byte.
 *
 * - Stratified by unit: every unit gets an equal share of the size (size ≥ units: each at
 *   least one); the remainder, and with fewer places than units the places themselves,
 *   go to units drawn by weighted sampling with each unit's total weight, so the choice
 *   depends on the seed, not on a fixed order.
 * - Within a unit, checkpoints are drawn by weighted sampling without replacement
 *   (Efraimidis–Spirakis: each gets the key u^(1/w) for u uniform from the seeded PRNG
 *   and the largest keys are taken), weighted towards points at stake, a self-score far
 *   from the score awarded, and examiners' corrections:
 *
 *     w = P + 2·G + C
 *       P  points at stake: the checkpoint's nominal points (分值), or its cap when higher
 *       G  |self-score − points awarded| (自评分与得分之差); 0 without a self-score
 *       C  P again when the examiners changed what the unit reported: a verified value
 *          differing from the submitted one (known from stored records only) or an
 *          adjusted score; else 0
 *
 *   (w is floored at one unit of the rubric's precision, so a checkpoint worth nothing
 *   can still be drawn.) Weights are exact decimals; only the keys use floating point.
 *
 * The population is every checkpoint of every unit, plus the bonus and deduction items
 * that scored or carry a self-score (an unclaimed bonus item has nothing to re-check).
 */
import { type Num, add, cmp, fromDouble, max, mul, ratio, sub, toNumber } from '../core/exact/index.js';
import { type ItemResultV1, type UnitResultV1, seedFrom, seededRandom } from '../core/index.js';
import type { BundleUnit, BundleV1 } from './bundle.js';
import { fieldLabelsOf } from './diff-labels.js';
import { isJsonObject, sameJson } from './json-changes.js';
import { storedItems } from '../records/index.js';

export interface SampleOptions {
  /** How many checkpoints to draw (a positive integer); all of them when it exceeds the population. */
  readonly size: number;
  /** Any text or number (a number is read as its decimal text); the same seed draws the same sample. */
  readonly seed: string | number;
}

/** Each term of a checkpoint's weight, so a row says why it was likely to be drawn. */
export interface WeightParts {
  /** P: points at stake. */
  readonly points: number;
  /** 2·G: twice the gap between self-score and points awarded. */
  readonly gap: number;
  /** C: P when the examiners corrected a value or adjusted the score, else 0. */
  readonly correction: number;
}

export interface SampledCheckpoint {
  /** 1-based position in the sample, which lists units in code order and items in the rubric's. */
  readonly order: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly itemCode: string;
  readonly itemTitle: string;
  readonly kind: ItemResultV1['kind'];
  /** Points at stake (分值, or the cap when higher). */
  readonly points: number;
  /** Points awarded (得分). */
  readonly score: number;
  readonly selfScore?: number;
  /** |self-score − points awarded|; 0 without a self-score. */
  readonly gap: number;
  /** Unit-filled fields whose verified value differs from the submitted one (from stored records). */
  readonly correctedFields: readonly string[];
  /** The same fields as the rubric labels them (the key where it gives no label), for people to read. */
  readonly correctedLabels: readonly string[];
  readonly adjusted: boolean;
  /** w = parts.points + parts.gap + parts.correction (exact at the rubric's precision). */
  readonly weight: number;
  readonly parts: WeightParts;
  /** Its place among the unit's draws (1 = drawn first, i.e. the largest key). */
  readonly draw: number;
}

export interface SampleStratum {
  readonly unitCode: string;
  readonly unitName: string;
  /** Checkpoints of the unit that could be drawn. */
  readonly population: number;
  /** How many were drawn. */
  readonly drawn: number;
  readonly totalWeight: number;
}

export interface Sample {
  readonly year: number;
  readonly size: number;
  readonly seed: string;
  readonly precision: number;
  readonly population: number;
  /** One per unit, in unit-code order. */
  readonly strata: readonly SampleStratum[];
  readonly rows: readonly SampledCheckpoint[];
}

interface Candidate {
  readonly unit: UnitResultV1;
  readonly item: ItemResultV1;
  readonly index: number;
  readonly weight: Num;
  readonly parts: { readonly points: Num; readonly gap: Num; readonly correction: Num };
  readonly gap: Num;
  readonly stake: Num;
  readonly correctedFields: readonly string[];
}

const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const exact = (x: number) => fromDouble(x);
const abs = (x: Num) => (cmp(x, 0) < 0 ? sub(0, x) : x);

/** By item code: unit-filled fields whose stored verified value differs from the value the unit submitted. */
function correctionsOf(unit: BundleUnit | undefined): Map<string, string[]> {
  const corrections = new Map<string, string[]>();
  if (!unit?.submission || unit.submission.state !== 'submitted' || !unit.review) return corrections;
  const [submitted, review] = [storedItems(unit.submission.items) ?? {}, storedItems(unit.review.items) ?? {}];
  for (const [code, reviewed] of Object.entries(review)) {
    const sent = submitted[code];
    if (!isJsonObject(reviewed) || !isJsonObject(reviewed.values) || !isJsonObject(sent) || !isJsonObject(sent.values)) continue;
    const sentValues = sent.values;
    const fields = Object.keys(reviewed.values)
      .filter((key) => key in sentValues && !sameJson(sentValues[key], (reviewed.values as Record<string, unknown>)[key]))
      .sort(codeOrder);
    if (fields.length > 0) corrections.set(code, fields);
  }
  return corrections;
}

function inPopulation(item: ItemResultV1): boolean {
  return item.kind === 'checkpoint' || item.score !== 0 || item.selfScore !== undefined;
}

function candidatesOf(unit: UnitResultV1, stored: BundleUnit | undefined, floor: Num): Candidate[] {
  const corrections = correctionsOf(stored);
  return unit.items.filter(inPopulation).map((item, index) => {
    const stake = max(exact(item.max), exact(item.cap ?? item.max));
    const gap = item.selfScore === undefined ? 0 : abs(sub(exact(item.selfScore), exact(item.score)));
    const correctedFields = corrections.get(item.code) ?? [];
    const corrected = correctedFields.length > 0 || item.adjustment !== undefined;
    const parts = { points: stake, gap: mul(2, gap), correction: corrected ? stake : 0 };
    const weight = max(add(add(parts.points, parts.gap), parts.correction), floor);
    return { unit, item, index, weight, parts, gap, stake, correctedFields };
  });
}

/**
 * Indices of `weights` in Efraimidis–Spirakis order: key u^(1/w), largest first. The
 * keys are compared as ln(u)/w (the same order) so that small weights do not underflow
 * to equal keys; equal keys keep the given order. One PRNG draw per weight, in order.
 */
function weightedOrder(weights: readonly number[], random: () => number): number[] {
  const keys = weights.map((w) => Math.log(random()) / w);
  return weights.map((_, i) => i).sort((i, j) => (keys[j] as number) - (keys[i] as number) || i - j);
}

/** How many each stratum draws: equal shares, one at a time round the units in `order`, skipping a unit once all its checkpoints are drawn. */
function quotas(populations: readonly number[], order: readonly number[], size: number): number[] {
  const drawn = populations.map(() => 0);
  let left = Math.min(
    size,
    populations.reduce((s, p) => s + p, 0),
  );
  while (left > 0) {
    for (const s of order) {
      if (left === 0) break;
      if ((drawn[s] as number) < (populations[s] as number)) {
        drawn[s] = (drawn[s] as number) + 1;
        left--;
      }
    }
  }
  return drawn;
}

const streamFor = (seed: string, name: string) => seededRandom(seedFrom(`kaohe-sample/${seed}/${name}`));

export function sampleCheckpoints(bundle: BundleV1, options: SampleOptions): Sample {
  const { size } = options;
  const seed = String(options.seed);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`sample size must be a positive integer, not ${size}`);
  const precision = bundle.results.rubric.precision;
  const floor = ratio(1, 10 ** precision);
  const stored = new Map(bundle.units.map((u) => [u.code, u]));
  const labelOf = fieldLabelsOf(bundle.rubric);
  const units = [...bundle.results.units].sort((a, b) => codeOrder(a.code, b.code));
  const strata = units.map((u) => candidatesOf(u, stored.get(u.code), floor));
  const totals = strata.map((s) => s.reduce<Num>((sum, c) => add(sum, c.weight), 0));

  // The units' order for the remainder is itself a weighted draw, from a stream of its own.
  const unitOrder = weightedOrder(
    totals.map((t) => toNumber(t) || 1),
    streamFor(seed, 'units'),
  );
  const drawn = quotas(
    strata.map((s) => s.length),
    unitOrder,
    size,
  );

  const picked: { candidate: Candidate; draw: number }[] = [];
  strata.forEach((candidates, s) => {
    const unit = units[s] as UnitResultV1;
    // Each unit's draws come from a stream named after it: one unit's checkpoints never shift another's.
    const order = weightedOrder(
      candidates.map((c) => toNumber(c.weight)),
      streamFor(seed, `unit/${unit.code}`),
    ).slice(0, drawn[s]);
    order.forEach((i, draw) => picked.push({ candidate: candidates[i] as Candidate, draw: draw + 1 }));
  });

  picked.sort((x, y) => codeOrder(x.candidate.unit.code, y.candidate.unit.code) || x.candidate.index - y.candidate.index);
  const rows = picked.map(({ candidate: c, draw }, i): SampledCheckpoint => ({
    order: i + 1,
    unitCode: c.unit.code,
    unitName: c.unit.name,
    itemCode: c.item.code,
    itemTitle: c.item.title,
    kind: c.item.kind,
    points: toNumber(c.stake),
    score: c.item.score,
    ...(c.item.selfScore !== undefined && { selfScore: c.item.selfScore }),
    gap: toNumber(c.gap),
    correctedFields: c.correctedFields,
    correctedLabels: c.correctedFields.map((key) => labelOf(c.item.code, key)),
    adjusted: c.item.adjustment !== undefined,
    weight: toNumber(c.weight),
    parts: { points: toNumber(c.parts.points), gap: toNumber(c.parts.gap), correction: toNumber(c.parts.correction) },
    draw,
  }));

  return {
    year: bundle.manifest.year,
    size,
    seed,
    precision,
    population: strata.reduce((n, s) => n + s.length, 0),
    strata: units.map((u, s) => ({
      unitCode: u.code,
      unitName: u.name,
      population: (strata[s] as Candidate[]).length,
      drawn: drawn[s] as number,
      totalWeight: toNumber(totals[s] as Num),
    })),
    rows,
  };
}
