/**
 * What a run scores for one unit: the evidence document made from the unit's
 * submitted items and the examiner's review. Pure (no storage, no clock), so that
 * the same submission and review always give the same document, byte for byte.
 *
 * Who owns what (DESIGN.md, "Each evidence field says who fills it"):
 * - from the submission: values of unit-filled fields, 不涉及, self-score, note, materials;
 * - from the review: verified values (replacing the unit's, field by field), values of
 *   examiner-filled fields (judgements, discretionary deductions, deduction items,
 *   vetoes), on-site findings and score adjustments.
 * A city cannot set an examiner-filled field or adjust a score by putting it in its
 * submission: those parts of a submission are ignored.
 */
import { type EvidenceDocument, type FilledBy, type Rubric, isAskedByKey } from '../core/index.js';

/** One item of an evidence document (the core's evidence/v1 schema). */
export type EvidenceItemDocument = NonNullable<EvidenceDocument['items']>[string];

type Value = NonNullable<EvidenceItemDocument['values']>[string];

/** One item of a review as stored: the examiner's record for one checkpoint, bonus or deduction item or veto. */
export interface ReviewItem {
  readonly values?: Readonly<Record<string, Value>>;
  readonly finding?: string;
  readonly adjustment?: { readonly score: number; readonly justification: string; readonly by?: string };
}

export type ReviewItems = Readonly<Record<string, ReviewItem>>;

/**
 * One item as a unit fills it in: values, 不涉及, its self-score and note, and (once
 * submitted) the materials it cites. The one type of a city's item, from the draft it
 * saves to the submission a run reads; what only examiners record is a ReviewItem.
 */
export type UnitItem = Pick<EvidenceItemDocument, 'values' | 'notApplicable' | 'selfScore' | 'note' | 'materials'>;
export type UnitItems = Readonly<Record<string, UnitItem>>;

export interface UnitIdentity {
  readonly code: string;
  readonly name: string;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Own entries, without a `__proto__` key: assigning one would replace an object's
 * prototype instead of adding a field. The API refuses such keys; stored text is
 * read defensively all the same.
 */
const entries = <T>(o: Readonly<Record<string, T>>): [string, T][] => Object.entries(o).filter(([k]) => k !== '__proto__');

/** Field key → who fills it, for every item and veto code of the rubric. */
function fieldOwners(rubric: Rubric): Map<string, ReadonlyMap<string, FilledBy>> {
  const owners = new Map<string, ReadonlyMap<string, FilledBy>>();
  for (const entry of [...rubric.allItems, ...rubric.vetoes]) owners.set(entry.code, new Map(entry.fields.map((f) => [f.key, f.filledBy])));
  return owners;
}

/** Item codes in the rubric's order (checkpoints, bonus, deductions, vetoes), then any others in code order. */
function orderedCodes(rubric: Rubric, codes: Iterable<string>): string[] {
  const order = new Map<string, number>();
  [...rubric.allItems, ...rubric.vetoes].forEach((e, i) => order.set(e.code, i));
  return [...new Set(codes)].sort((a, b) => {
    const [ia, ib] = [order.get(a) ?? Infinity, order.get(b) ?? Infinity];
    if (ia !== ib) return ia - ib;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * The evidence document for one unit. `submitted` is null when the unit has no
 * submitted submission (a draft does not count): it then contributes nothing and its
 * checkpoints are missing; the examiner's own record (examiner-filled fields, findings,
 * adjustments) still applies, but verified values of unit-filled fields do not, since
 * there is nothing submitted for them to correct.
 */
export function mergeEvidence(
  rubric: Rubric,
  unit: UnitIdentity,
  submitted: { readonly items: Readonly<Record<string, EvidenceItemDocument>>; readonly selfTotal?: number } | null,
  review: { readonly items: ReviewItems; readonly by: string } | null,
): EvidenceDocument {
  const owners = fieldOwners(rubric);
  const ownerOf = (code: string, key: string) => owners.get(code)?.get(key);
  const fromUnit = submitted?.items ?? {};
  const fromExaminer = review?.items ?? {};
  const items: Record<string, EvidenceItemDocument> = {};

  for (const code of orderedCodes(
    rubric,
    [...entries(fromUnit), ...entries(fromExaminer)].map(([k]) => k),
  )) {
    const unitItem = hasOwn(fromUnit, code) ? fromUnit[code] : undefined;
    const reviewItem = hasOwn(fromExaminer, code) ? fromExaminer[code] : undefined;
    const values: Record<string, Value> = {};
    for (const [key, value] of entries(unitItem?.values ?? {})) {
      if (ownerOf(code, key) !== 'examiner') values[key] = value;
    }
    let reviewed = false;
    const verified = new Set<string>();
    for (const [key, value] of entries(reviewItem?.values ?? {})) {
      if (ownerOf(code, key) === 'examiner' || submitted !== null) {
        values[key] = value;
        verified.add(key);
        reviewed = true;
      }
    }
    dropMootUnitValues(rubric, code, values, verified);
    const item: EvidenceItemDocument = {};
    if (Object.keys(values).length > 0 || unitItem?.values !== undefined) item.values = values;
    // Values the examiner recorded for a checkpoint the unit declared 不涉及 mean the examiner found it applies.
    if (unitItem?.notApplicable !== undefined && !(unitItem.notApplicable && reviewed)) item.notApplicable = unitItem.notApplicable;
    if (unitItem?.selfScore !== undefined) item.selfScore = unitItem.selfScore;
    if (unitItem?.note !== undefined) item.note = unitItem.note;
    if (unitItem?.materials !== undefined) item.materials = unitItem.materials;
    if (reviewItem?.finding !== undefined) item.finding = reviewItem.finding;
    if (reviewItem?.adjustment !== undefined) {
      const { score, justification, by } = reviewItem.adjustment;
      item.adjustment = { score, justification, by: by ?? review?.by };
    }
    if (Object.keys(item).length > 0 || unitItem !== undefined) items[code] = item;
  }

  const document: EvidenceDocument = { kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit: { code: unit.code, name: unit.name }, items };
  if (submitted?.selfTotal !== undefined) document.selfTotal = submitted.selfTotal;
  return document;
}

/**
 * A verified value can answer a condition differently from the unit (框架已调整, where the
 * unit said not): the unit's value of a field that is then not asked no longer counts. An
 * examiner's own value is left in place, so that scoring names it rather than dropping it.
 */
function dropMootUnitValues(rubric: Rubric, code: string, values: Record<string, Value>, verified: ReadonlySet<string>): void {
  const fields = rubric.items.get(code)?.fields ?? rubric.vetoes.find((v) => v.code === code)?.fields ?? [];
  for (const field of fields) {
    if (field.requiredWhen === undefined || verified.has(field.key) || values[field.key] === undefined) continue;
    if (!isAskedByKey(field, values)) delete values[field.key];
  }
}

/**
 * The other way round: an evidence document's items as a unit submits them and as an
 * examiner reviews them (`kaohe seed` loads the demo evidence this way). Merging the
 * two halves back gives the same items, with `by` on adjustments.
 */
export function splitEvidence(
  rubric: Rubric,
  items: Readonly<Record<string, EvidenceItemDocument>>,
): { submitted: Record<string, UnitItem>; review: Record<string, ReviewItem> } {
  const owners = fieldOwners(rubric);
  const submitted: Record<string, UnitItem> = {};
  const review: Record<string, ReviewItem> = {};
  for (const [code, item] of entries(items)) {
    const unitValues: Record<string, Value> = {};
    const examinerValues: Record<string, Value> = {};
    for (const [key, value] of entries(item.values ?? {})) {
      if (owners.get(code)?.get(key) === 'examiner') examinerValues[key] = value;
      else unitValues[key] = value;
    }
    const { values: _values, finding, adjustment, ...unitPart } = item;
    const unitItem: UnitItem = { ...unitPart };
    // An item whose values are all the examiner's has none of the unit's (an empty `values` stays as given).
    if (item.values !== undefined && (Object.keys(unitValues).length > 0 || Object.keys(examinerValues).length === 0)) unitItem.values = unitValues;
    if (Object.keys(unitItem).length > 0 || Object.keys(examinerValues).length === 0) submitted[code] = unitItem;
    const reviewItem: { values?: Record<string, Value>; finding?: string; adjustment?: { score: number; justification: string } } = {};
    if (Object.keys(examinerValues).length > 0) reviewItem.values = examinerValues;
    if (finding !== undefined) reviewItem.finding = finding;
    if (adjustment !== undefined) reviewItem.adjustment = { score: adjustment.score, justification: adjustment.justification };
    if (Object.keys(reviewItem).length > 0) review[code] = reviewItem;
  }
  return { submitted, review };
}
