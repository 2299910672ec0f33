/**
 * What changed between two audit bundles, unit by unit and checkpoint by checkpoint,
 * and why: the unit's evidence, the examiners' review, or the rubric. An evaluator
 * holding last month's bundle and today's sees every moved score with its cause,
 * instead of two ranking tables to compare by eye.
 *
 * Scores, ranks and grades are read from each bundle's results as published; nothing
 * is recomputed (kaohe audit replay checks that the results follow from the inputs).
 */
import { type ItemResultV1, type Rubric, type UnitResultV1, type VetoResultV1, contentHash, parseRubric } from '../core/index.js';
import { type BundleV1, bundleParts } from './bundle.js';
import { changedKeys, sameJson } from './json-changes.js';
import { ITEM_WIDE_SETTINGS, rubricEntries, rubricWideChanges } from './rubric-changes.js';
import { type UnitInputs, unitInputsPair } from './unit-inputs.js';
import { fieldLabeller } from './diff-labels.js';

export type DiffCause = 'evidence' | 'review' | 'rubric';
export const DIFF_CAUSES: readonly DiffCause[] = ['evidence', 'review', 'rubric'];

export type DiffItemKind = ItemResultV1['kind'] | 'veto';

/** An item's outcome on one side: its points (a veto: whether it applied) and its status. */
export interface ItemOutcome {
  /** Points as published; null for a veto. */
  readonly score: number | null;
  /** `scored`, `missing`, `not_applicable`; for a veto `triggered`, `not_triggered` or `missing`. */
  readonly status: string;
}

export interface ItemDiff {
  readonly code: string;
  readonly kind: DiffItemKind;
  readonly title: string;
  /** Null when the item is not in that bundle's results (added to or removed from the rubric). */
  readonly before: ItemOutcome | null;
  readonly after: ItemOutcome | null;
  /** Points, status or presence differ. */
  readonly outcomeChanged: boolean;
  /** Why, in DIFF_CAUSES order; empty when the outcome changed with every input alike. */
  readonly causes: readonly DiffCause[];
  /**
   * What changed, by cause: evidence `values.<field>`, `selfScore`, `notApplicable`, `note`…,
   * and `targets.<field>` for an approved filed target (目标备案) whose value differs;
   * review `values.<field>`, `finding`, `adjustment`; rubric the item's own keys (`rule`,
   * `points`…) or the rubric-wide settings every item score depends on (`precision`, `rounding`).
   */
  readonly changes: Readonly<Record<DiffCause, readonly string[]>>;
  /**
   * When the item's own inputs and definition did not change but its outcome did, and its
   * rule reads a statistic over the units (`population`): the other units whose inputs
   * to that item changed (values of the fields read, 不涉及, the entry itself, or the unit
   * itself added or removed), by code. Absent otherwise.
   */
  readonly others?: readonly string[];
  /**
   * Likewise for an item whose rule reads last year (`previous`): the fields whose value
   * in this unit's last-year evidence differs between the bundles. Absent otherwise.
   */
  readonly lastYear?: readonly string[];
  /**
   * The rubric's label of each evidence field named above (a changed value or target, a field
   * read last year), by key: B's rubric's, else A's. Absent when none is named or labelled.
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface UnitStanding {
  readonly total: number;
  readonly rank: number;
  readonly grade: string;
  readonly vetoed: boolean;
  /** The parts of the total, which show a rubric-wide change (a bonus cap, section weights) no item shows. */
  readonly base: number;
  readonly bonus: number;
  readonly deductions: number;
}

/** Where another unit stood against this one: ranked before it, sharing its rank, or after it. */
export type RankPlace = 'ahead' | 'tied' | 'behind';

/**
 * Another unit whose place against this unit differs between the bundles (it overtook
 * it, fell behind it, or joined or left its tie), or that is in one bundle only and
 * ranked before it there. Together with the unit's own total these are why its rank
 * moved: a rank changes only when its total moves past others or theirs past it.
 */
export interface RankMove {
  readonly code: string;
  readonly name: string;
  /** Null when that unit is not in the bundle. */
  readonly before: RankPlace | null;
  readonly after: RankPlace | null;
  /** That unit's total in each bundle (null when absent). */
  readonly totals: readonly [number | null, number | null];
}

export interface UnitDiff {
  readonly code: string;
  readonly name: string;
  /** Null when the unit is not in that bundle. */
  readonly before: UnitStanding | null;
  readonly after: UnitStanding | null;
  /** When the unit is in both bundles and its rank differs: the units whose place against it changed, in unit-code order. */
  readonly rankMoves?: readonly RankMove[];
  /** Presence, total, rank, grade or any item differs. */
  readonly changed: boolean;
  /** Items whose outcome or inputs changed, in the rubric's order, vetoes last. */
  readonly items: readonly ItemDiff[];
}

export interface BundleSide {
  readonly year: number;
  readonly rubric: { readonly id: string; readonly version: string; readonly hash: string };
  /** Decimal places the results are published at. */
  readonly precision: number;
  readonly engineVersion: string;
  readonly source: BundleV1['manifest']['source'];
}

export interface BundleDiff {
  /** Every part of the two bundles has the same content hash (the manifests' dates and authors aside). */
  readonly identical: boolean;
  readonly a: BundleSide;
  readonly b: BundleSide;
  readonly rubric: {
    /** Rubric-wide changes (see rubricWideChanges). */
    readonly wide: readonly string[];
    /** Items and vetoes whose definition changed, with the keys that did; `added`/`removed` for a new or dropped one. */
    readonly items: readonly { readonly code: string; readonly changes: readonly string[] }[];
  };
  /** Every unit of either bundle, in unit-code order. */
  readonly units: readonly UnitDiff[];
  /** Parts that differ without a difference above to show for it (run, audit chain, notes, materials…). */
  readonly otherParts: readonly string[];
}

const byCode = <T extends { code: string }>(list: readonly T[]) => new Map(list.map((x) => [x.code, x]));
const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffBundles(a: BundleV1, b: BundleV1): BundleDiff {
  const rubric = rubricChanges(a.rubric, b.rubric);
  const rubricChangesOf = itemRubricChanges(rubric);
  const parsed = lazyRubrics(a, b);
  const [unitsA, unitsB] = [byCode(a.units), byCode(b.units)];
  const [resultsA, resultsB] = [byCode(a.results.units), byCode(b.results.units)];
  const codes = [...new Set([...unitsA.keys(), ...unitsB.keys(), ...resultsA.keys(), ...resultsB.keys()])].sort(codeOrder);

  const inputsOf = new Map<string, [UnitInputs, UnitInputs] | null>();
  for (const code of codes) {
    const [ua, ub] = [unitsA.get(code), unitsB.get(code)];
    inputsOf.set(code, ua && ub ? unitInputsPair({ bundle: a, unit: ua, rubric: parsed.a }, { bundle: b, unit: ub, rubric: parsed.b }) : null);
  }
  const attribution: Attribution = { others: otherUnitsCause(a, b, parsed, codes, inputsOf), lastYear: lastYearCause(a, b, parsed) };
  const labelled = fieldLabeller(a.rubric, b.rubric);

  const units = codes.map((code): UnitDiff => {
    const [ra, rb] = [resultsA.get(code), resultsB.get(code)];
    const [ua, ub] = [unitsA.get(code), unitsB.get(code)];
    const inputs = inputsOf.get(code) ?? null;
    const targets: [ApprovedTargets, ApprovedTargets] = [approvedTargets(ua), approvedTargets(ub)];
    const items = ra && rb && inputs ? itemDiffs(ra, rb, inputs, targets, rubricChangesOf).map((item) => labelled(withOthers(item, code, attribution))) : [];
    const [before, after] = [standing(ra), standing(rb)];
    const changed = before === null || after === null || !sameStanding(before, after) || items.length > 0;
    const moves = ra && rb && ra.rank !== rb.rank ? rankMoves(ra, rb, codes, resultsA, resultsB) : undefined;
    return { code, name: rb?.name ?? ra?.name ?? ub?.name ?? ua?.name ?? '', before, after, ...(moves && { rankMoves: moves }), changed, items };
  });

  const [partsA, partsB] = [partHashes(a), partHashes(b)];
  const differing = [...new Set([...partsA.keys(), ...partsB.keys()])].filter((p) => partsA.get(p) !== partsB.get(p)).sort(codeOrder);
  return {
    identical: differing.length === 0,
    a: side(a),
    b: side(b),
    rubric,
    units,
    otherParts: differing.filter((part) => !explained(part, rubric, units)),
  };
}

function side(bundle: BundleV1): BundleSide {
  const { id, version, hash, precision } = bundle.results.rubric;
  return { year: bundle.manifest.year, rubric: { id, version, hash }, precision, engineVersion: bundle.results.engine.version, source: bundle.manifest.source };
}

/** Each side's rubric parsed only when a unit's evidence must be split by who fills each field. */
function lazyRubrics(a: BundleV1, b: BundleV1): { a: () => Rubric; b: () => Rubric } {
  const once = (raw: unknown) => {
    let rubric: Rubric | undefined;
    return () => (rubric ??= parseRubric(raw));
  };
  return { a: once(a.rubric), b: once(b.rubric) };
}

function rubricChanges(a: unknown, b: unknown): BundleDiff['rubric'] {
  const [left, right] = [rubricEntries(a), rubricEntries(b)];
  const items: { code: string; changes: string[] }[] = [];
  for (const code of new Set([...left.keys(), ...right.keys()])) {
    const [l, r] = [left.get(code), right.get(code)];
    const changes = l === undefined ? ['added'] : r === undefined ? ['removed'] : changedKeys(l, r);
    if (changes.length > 0) items.push({ code, changes });
  }
  return { wide: rubricWideChanges(a, b), items };
}

/** The rubric changes an item's score depends on: its own definition, and how every item score is rounded. */
function itemRubricChanges(rubric: BundleDiff['rubric']): (code: string) => string[] {
  const own = new Map(rubric.items.map((i) => [i.code, i.changes]));
  const wide = rubric.wide.filter((w) => ITEM_WIDE_SETTINGS.includes(w));
  return (code) => [...(own.get(code) ?? []), ...wide];
}

function standing(unit: UnitResultV1 | undefined): UnitStanding | null {
  return unit
    ? { total: unit.total, rank: unit.rank, grade: unit.grade, vetoed: unit.vetoed, base: unit.base, bonus: unit.bonus, deductions: unit.deductions }
    : null;
}

const placeOf = (other: UnitResultV1 | undefined, unit: UnitResultV1): RankPlace | null =>
  other === undefined ? null : other.rank < unit.rank ? 'ahead' : other.rank === unit.rank ? 'tied' : 'behind';

/** The units whose place against `a`/`b` (one unit's results in each bundle) changed; one side only counts when it ranked ahead there. */
function rankMoves(
  a: UnitResultV1,
  b: UnitResultV1,
  codes: readonly string[],
  resultsA: ReadonlyMap<string, UnitResultV1>,
  resultsB: ReadonlyMap<string, UnitResultV1>,
): RankMove[] {
  const moves: RankMove[] = [];
  for (const code of codes) {
    if (code === a.code) continue;
    const [oa, ob] = [resultsA.get(code), resultsB.get(code)];
    const [before, after] = [placeOf(oa, a), placeOf(ob, b)];
    const moved = before === null || after === null ? (before ?? after) === 'ahead' : before !== after;
    if (moved) moves.push({ code, name: ob?.name ?? oa?.name ?? '', before, after, totals: [oa?.total ?? null, ob?.total ?? null] });
  }
  return moves;
}

const STANDING_KEYS = ['total', 'rank', 'grade', 'vetoed', 'base', 'bonus', 'deductions'] as const;
const sameStanding = (x: UnitStanding, y: UnitStanding) => STANDING_KEYS.every((k) => x[k] === y[k]);

interface Outcome {
  readonly kind: DiffItemKind;
  readonly title: string;
  readonly outcome: ItemOutcome;
}

function outcomes(unit: UnitResultV1): Map<string, Outcome> {
  const map = new Map<string, Outcome>();
  for (const i of unit.items) map.set(i.code, { kind: i.kind, title: i.title, outcome: { score: i.score, status: i.status } });
  for (const v of unit.vetoes) map.set(v.code, { kind: 'veto', title: v.title, outcome: { score: null, status: vetoStatus(v) } });
  return map;
}

const vetoStatus = (v: VetoResultV1) => (v.missing ? 'missing' : v.triggered ? 'triggered' : 'not_triggered');

type ApprovedTargets = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The approved targets the run scored with (the evidence's `targets`), by item and field; a filing's dates aside. */
function approvedTargets(unit: BundleV1['units'][number] | undefined): ApprovedTargets {
  const targets = unit?.evidence.targets ?? {};
  return Object.fromEntries(
    Object.entries(targets).map(([item, fields]) => [item, Object.fromEntries(Object.entries(fields).map(([key, t]) => [key, t.value]))]),
  );
}

/** The fields of one item whose approved target is not the same value on both sides (filed on one side only included), as `targets.<field>`. */
function targetChanges(a: ApprovedTargets, b: ApprovedTargets, code: string): string[] {
  const [left, right] = [a[code] ?? {}, b[code] ?? {}];
  return [...new Set([...Object.keys(left), ...Object.keys(right)])]
    .filter((key) => !sameJson(left[key] ?? null, right[key] ?? null))
    .sort()
    .map((key) => `targets.${key}`);
}

function itemDiffs(
  a: UnitResultV1,
  b: UnitResultV1,
  [inA, inB]: [UnitInputs, UnitInputs],
  [targetsA, targetsB]: [ApprovedTargets, ApprovedTargets],
  rubricChangesOf: (code: string) => string[],
): ItemDiff[] {
  const [left, right] = [outcomes(a), outcomes(b)];
  // Results list items in the rubric's order, vetoes last; B's new items follow A's.
  const codes = [...new Set([...left.keys(), ...right.keys()])];
  const diffs: ItemDiff[] = [];
  for (const code of codes) {
    const [l, r] = [left.get(code), right.get(code)];
    const before = l?.outcome ?? null;
    const after = r?.outcome ?? null;
    const outcomeChanged = before === null || after === null || before.score !== after.score || before.status !== after.status;
    const changes: Record<DiffCause, string[]> = {
      evidence: [...changedKeys(inA.submitted[code], inB.submitted[code], ['values']), ...targetChanges(targetsA, targetsB, code)],
      review: changedKeys(inA.review[code], inB.review[code], ['values']),
      rubric: rubricChangesOf(code),
    };
    const inputsChanged = changes.evidence.length > 0 || changes.review.length > 0;
    if (!outcomeChanged && !inputsChanged) continue;
    const causes = DIFF_CAUSES.filter((c) => changes[c].length > 0);
    diffs.push({ code, kind: (r ?? l)?.kind ?? 'checkpoint', title: (r ?? l)?.title ?? code, before, after, outcomeChanged, causes, changes });
  }
  return diffs;
}

/** The fields of each item that its rule reads across units (`population`) or years (`previous`), by item code, in either side's rubric. */
function derivedFields(a: BundleV1, b: BundleV1, parsed: { a: () => Rubric; b: () => Rubric }, kind: 'population' | 'previous'): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const [bundle, rubric] of [
    [a, parsed.a],
    [b, parsed.b],
  ] as const) {
    // A rubric without such reads need not be parsed: none is written without the word.
    if (!JSON.stringify(bundle.rubric).includes(`"${kind}"`)) continue;
    const r = rubric();
    for (const read of r.derivedReads) {
      if (read.kind !== kind) continue;
      const code = (r.allItems[read.item] as { code: string }).code;
      let set = fields.get(code);
      if (!set) fields.set(code, (set = new Set()));
      set.add(read.field.key);
    }
  }
  return fields;
}

/** Whether a unit's inputs to an item changed in a way a population statistic over `fields` can see. */
function entryChanged(pair: [UnitInputs, UnitInputs] | null | undefined, code: string, fields: ReadonlySet<string>): boolean {
  if (!pair) return true; // the unit is on one side only: it joined or left every population
  const [inA, inB] = pair;
  const changes = [...changedKeys(inA.submitted[code], inB.submitted[code], ['values']), ...changedKeys(inA.review[code], inB.review[code], ['values'])];
  return changes.some((c) => c === 'notApplicable' || c === 'values' || fields.has(c.replace(/^values\./, '')));
}

/** For an item code and a unit: the other units whose inputs to that item changed, when the item reads across units. */
function otherUnitsCause(
  a: BundleV1,
  b: BundleV1,
  parsed: { a: () => Rubric; b: () => Rubric },
  codes: readonly string[],
  inputsOf: ReadonlyMap<string, [UnitInputs, UnitInputs] | null>,
): (item: string, unit: string) => string[] {
  const fields = derivedFields(a, b, parsed, 'population');
  const changed = new Map<string, string[]>();
  return (item, unit) => {
    const read = fields.get(item);
    if (!read) return [];
    let list = changed.get(item);
    if (!list) changed.set(item, (list = codes.filter((c) => entryChanged(inputsOf.get(c), item, read))));
    return list.filter((c) => c !== unit);
  };
}

/** For an item code and a unit: the fields read by `previous` whose value in the unit's last-year evidence differs between the bundles. */
function lastYearCause(a: BundleV1, b: BundleV1, parsed: { a: () => Rubric; b: () => Rubric }): (item: string, unit: string) => string[] {
  const fields = derivedFields(a, b, parsed, 'previous');
  const docs = (bundle: BundleV1) => new Map((bundle.previous?.evidence ?? []).map((e) => [e.unit.code, e]));
  const [left, right] = [docs(a), docs(b)];
  // What `previous` reads of a field: nothing when the entry is 不涉及 or has no value.
  const read = (doc: BundleV1['units'][number]['evidence'] | undefined, item: string, key: string): unknown => {
    const entry = doc?.items?.[item];
    return entry === undefined || entry.notApplicable === true ? null : (entry.values?.[key] ?? null);
  };
  return (item, unit) => [...(fields.get(item) ?? [])].filter((key) => !sameJson(read(left.get(unit), item, key), read(right.get(unit), item, key))).sort();
}

interface Attribution {
  readonly others: (item: string, unit: string) => string[];
  readonly lastYear: (item: string, unit: string) => string[];
}

/** An item whose outcome changed with nothing of its own: attributed to the other units' changed inputs or its own last year, when it reads them. */
function withOthers(item: ItemDiff, unit: string, attribution: Attribution): ItemDiff {
  if (!item.outcomeChanged || item.causes.length > 0) return item;
  const others = attribution.others(item.code, unit);
  const lastYear = attribution.lastYear(item.code, unit);
  return { ...item, ...(others.length > 0 && { others }), ...(lastYear.length > 0 && { lastYear }) };
}

function partHashes(bundle: BundleV1): Map<string, string> {
  const { kaohe: _format, manifest: _manifest, ...content } = bundle;
  return new Map([...bundleParts(content)].map(([name, value]) => [name, contentHash(value)]));
}

/** Whether the diff already shows why this part differs. */
function explained(part: string, rubric: BundleDiff['rubric'], units: readonly UnitDiff[]): boolean {
  if (part === 'rubric') return rubric.wide.length > 0 || rubric.items.length > 0;
  if (part === 'results') return units.some((u) => u.changed);
  if (part === 'previous') return units.some((u) => u.items.some((i) => i.lastYear !== undefined));
  const match = /^units\/(.+)\/(evidence|submission|review|materials|targets)$/.exec(part);
  const unit = match ? units.find((u) => u.code === match[1]) : undefined;
  if (!match || !unit) return false;
  // A unit in one bundle only: every part of it differs, and the diff says so.
  if (unit.before === null || unit.after === null) return true;
  if (match[2] === 'targets') return unit.items.some((i) => i.changes.evidence.some((c) => c.startsWith('targets.')));
  return match[2] !== 'materials' && unit.items.some((i) => i.changes.evidence.length > 0 || i.changes.review.length > 0);
}
