/**
 * Reads one unit's evidence against the rubric into flat arrays: one slot per field
 * of the whole rubric (as rules read them) and one state per item. Every value is
 * checked against its field (a bad value is refused with its path, never scored);
 * defaults are filled in; each item is present, missing (a required value was not
 * given) or not applicable (不涉及).
 *
 * This runs for every unit on every assessment: it allocates a handful of arrays per
 * unit, nothing per item, and builds JSON paths only for problems.
 */
import { KaoheError, type Problem, at, problem } from '../errors.js';
import { type Num, cmp, fromDouble, isInteger, mul, toExactText } from '../exact/index.js';
import { toScaled } from '../logic/fixed-point.js';
import { ABSENT_CODE, domainCode } from '../rubric/decision-table.js';
import { type Field, type FieldValue, type Item, Refusal, type Rubric, checkFieldValue, conditionWords, isAsked } from '../rubric/index.js';
import type { EvidenceDocument, EvidenceItemDocument, FiledTargetDocument } from './schema.js';

export type ItemState = 'present' | 'missing' | 'not_applicable';

/** An item's state in PreparedEvidence.stateCodes. */
export const STATE_MISSING = 0;
export const STATE_PRESENT = 1;
export const STATE_NOT_APPLICABLE = 2;

export interface Adjustment {
  readonly score: Num;
  readonly justification: string;
  readonly by?: string;
}

/** One unit's evidence, checked against a rubric and laid out the way its rules read it. */
export interface PreparedEvidence {
  readonly evidence: EvidenceDocument;
  /** evidence.unit, beside what scoring reads: a unit's result takes it without reading the document. */
  readonly unit: { readonly code: string; readonly name: string };
  /** evidence.selfTotal as an exact value, read once. */
  readonly selfTotal: Num | undefined;
  /** One entry per field slot (rubric.slotCount); undefined = no value. */
  readonly values: unknown[];
  /** Numbers again as fixed-point integers (logic/fixed-point.ts); NaN elsewhere. */
  readonly scaled: Float64Array;
  /**
   * Each value's position in its field's finite domain, as decision tables index it
   * (rubric/decision-table.ts): 0/1 for yes/no, the choice's index, a subset's bitmask,
   * a stepped number's step count from the minimum; ABSENT_CODE when there is no
   * value, −1 when the value has no such position.
   */
  readonly codes: Int32Array;
  /** 1 where the slot's value is the field's default. */
  readonly defaulted: Uint8Array;
  /** Aligned with rubric.allItems. */
  readonly states: ItemState[];
  /**
   * `states` again as small integers (STATE_MISSING, STATE_PRESENT, STATE_NOT_APPLICABLE),
   * beside `codes` in memory: what scoring reads of every item first, without touching
   * the array of strings.
   */
  readonly stateCodes: Uint8Array;
  /** Aligned with rubric.vetoes. */
  readonly vetoStates: ItemState[];
  /** Self-scores and adjustments by item index; null when the unit gave none. */
  readonly selfScores: (Num | undefined)[] | null;
  readonly adjustments: (Adjustment | undefined)[] | null;
}

const itemPath = (code: string) => at('$.items', code);
const targetPath = (code: string, key: string) => at(at('$.targets', code), key);

/** One item's approved targets, by field key. */
type ItemTargets = Readonly<Record<string, FiledTargetDocument>>;
const hasOwn = Object.prototype.hasOwnProperty;

/** Own properties only: an item coded "toString" must not find Object.prototype.toString. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn.call(record, key) ? record[key] : undefined;
}
const NO_VALUES: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_ITEMS: Readonly<Record<string, EvidenceItemDocument>> = Object.freeze({});
const NO_TARGETS: Readonly<Record<string, ItemTargets>> = Object.freeze({});

/**
 * A unit's typed arrays as views of one buffer: one allocation instead of four, and
 * what scoring reads of a unit (codes and the items' states, then scaled
 * numbers) side by side in memory.
 */
function unitArrays(n: number, items: number): { scaled: Float64Array; codes: Int32Array; stateCodes: Uint8Array; defaulted: Uint8Array } {
  const codesAt = n * Float64Array.BYTES_PER_ELEMENT;
  const statesAt = codesAt + n * Int32Array.BYTES_PER_ELEMENT;
  const defaultedAt = statesAt + items;
  const buffer = new ArrayBuffer(defaultedAt + n);
  return {
    scaled: new Float64Array(buffer, 0, n).fill(NaN),
    codes: new Int32Array(buffer, codesAt, n).fill(ABSENT_CODE),
    stateCodes: new Uint8Array(buffer, statesAt, items),
    defaulted: new Uint8Array(buffer, defaultedAt, n),
  };
}

/** Checks and lays out one unit's evidence; throws a KaoheError listing every problem. */
export function prepareEvidence(rubric: Rubric, evidence: EvidenceDocument): PreparedEvidence {
  const { inputs, problems } = readEvidence(rubric, evidence);
  if (problems.length > 0) throw new KaoheError(problems);
  return inputs;
}

/** Problems are collected for the whole document; the caller refuses it if there are any. */
export function readEvidence(rubric: Rubric, evidence: EvidenceDocument): { inputs: PreparedEvidence; problems: Problem[] } {
  const problems: Problem[] = [];
  if (evidence.rubric !== rubric.id) {
    problems.push(problem('evidence_mismatch', '$.rubric', `证据对应的考核细则是 "${evidence.rubric}"，而不是 "${rubric.id}"`));
  }
  if (evidence.year !== rubric.year) {
    problems.push(problem('evidence_mismatch', '$.year', `证据年度 ${evidence.year} 与考核细则年度 ${rubric.year} 不一致`));
  }
  const values = new Array<unknown>(rubric.slotCount).fill(undefined);
  const { scaled, codes, stateCodes, defaulted } = unitArrays(rubric.slotCount, rubric.allItems.length);
  const inputs: PreparedEvidence = {
    evidence,
    unit: evidence.unit,
    selfTotal: evidence.selfTotal === undefined ? undefined : fromDouble(evidence.selfTotal),
    values,
    scaled,
    codes,
    defaulted,
    states: new Array<ItemState>(rubric.allItems.length).fill('missing'),
    stateCodes,
    vetoStates: new Array<ItemState>(rubric.vetoes.length).fill('missing'),
    selfScores: null,
    adjustments: null,
  };
  // Evidence for another rubric or year would only add noise item by item.
  if (problems.length > 0) return { inputs, problems };

  const given = evidence.items ?? NO_ITEMS;
  for (const code in given) {
    if (!rubric.items.has(code) && !rubric.vetoes.some((v) => v.code === code)) {
      problems.push(problem('evidence_unknown_item', itemPath(code), `考核细则中没有编码为 "${code}" 的考核要点`));
    }
  }
  const targets = evidence.targets ?? NO_TARGETS;
  if (evidence.targets !== undefined) checkTargetKeys(rubric, targets, problems);
  const items = rubric.allItems;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    const state = readItem(rubric, item, own(given, item.code), own(targets, item.code), inputs, problems);
    inputs.states[i] = state;
    inputs.stateCodes[i] = state === 'present' ? STATE_PRESENT : state === 'not_applicable' ? STATE_NOT_APPLICABLE : STATE_MISSING;
  }
  for (const veto of rubric.vetoes) {
    const doc = own(given, veto.code);
    for (const key of ['selfScore', 'adjustment', 'notApplicable'] as const) {
      if (doc?.[key] !== undefined) problems.push(problem('evidence_not_allowed', at(itemPath(veto.code), key), `一票否决事项 ${veto.code} 不能填写 ${key}`));
    }
    inputs.vetoStates[veto.index] = readFields(veto.code, veto.fields, veto.fieldsByKey, doc?.values ?? NO_VALUES, own(targets, veto.code), inputs, problems);
  }
  return { inputs, problems };
}

/** Targets only for fields the rubric declares `"filledBy": "target"`. */
function checkTargetKeys(rubric: Rubric, targets: Readonly<Record<string, ItemTargets>>, problems: Problem[]): void {
  for (const code in targets) {
    const fields = rubric.items.get(code)?.fieldsByKey ?? rubric.vetoes.find((v) => v.code === code)?.fieldsByKey;
    if (fields === undefined) {
      problems.push(problem('evidence_unknown_item', at('$.targets', code), `考核细则中没有编码为 "${code}" 的考核要点`));
      continue;
    }
    for (const key in targets[code]) {
      const field = fields.get(key);
      if (field?.filledBy !== 'target') {
        const why = field === undefined ? `该考核要点没有字段 "${key}"` : `字段“${field.label}”（${key}）不是备案目标，不能在 targets 中给出`;
        problems.push(problem(field === undefined ? 'evidence_unknown_field' : 'evidence_not_allowed', targetPath(code, key), why));
      }
    }
  }
}

function readItem(
  rubric: Rubric,
  item: Item,
  doc: EvidenceItemDocument | undefined,
  targets: ItemTargets | undefined,
  inputs: PreparedEvidence,
  problems: Problem[],
): ItemState {
  if (doc === undefined) {
    // A checkpoint the unit was to answer and did not answer at all is missing, even
    // when its fields have defaults: a default says what an unfilled field means, not
    // that an unanswered checkpoint earns points. A checkpoint only the examiner fills
    // (e.g. 酌情扣分) keeps its defaults: no entry means nothing was recorded against
    // it. Bonus and deduction items without an entry keep theirs too (no claim, no
    // incident).
    const state = readFields(item.code, item.fields, item.fieldsByKey, NO_VALUES, targets, inputs, problems);
    return item.kind === 'checkpoint' && item.fields.some((f) => f.filledBy === 'unit') ? 'missing' : state;
  }
  if (doc.selfScore !== undefined) {
    const selfScores = inputs.selfScores ?? ((inputs as { selfScores: (Num | undefined)[] }).selfScores = []);
    selfScores[item.index] = readScore(rubric, item, doc.selfScore, 'selfScore', problems);
  }
  if (doc.adjustment !== undefined) {
    const adjustments = inputs.adjustments ?? ((inputs as { adjustments: (Adjustment | undefined)[] }).adjustments = []);
    const { score, justification, by } = doc.adjustment;
    adjustments[item.index] = { score: readScore(rubric, item, score, 'adjustment', problems), justification, by };
  }
  if (doc.notApplicable === true) {
    if (!item.notApplicable) {
      problems.push(problem('evidence_not_allowed', at(itemPath(item.code), 'notApplicable'), `考核要点 ${item.code} 不允许申报“不涉及”`));
    } else if (Object.keys(doc.values ?? NO_VALUES).length > 0) {
      problems.push(problem('evidence_not_allowed', at(itemPath(item.code), 'values'), `已申报“不涉及”的考核要点 ${item.code} 不应再填写证据值`));
    }
    return 'not_applicable';
  }
  return readFields(item.code, item.fields, item.fieldsByKey, doc.values ?? NO_VALUES, targets, inputs, problems);
}

function readFields(
  code: string,
  fields: readonly Field[],
  byKey: ReadonlyMap<string, Field>,
  given: Readonly<Record<string, unknown>>,
  targets: ItemTargets | undefined,
  inputs: PreparedEvidence,
  problems: Problem[],
): ItemState {
  for (const key in given) {
    if (!byKey.has(key)) {
      const known = fields.map((f) => f.key).join('、') || '无';
      problems.push(problem('evidence_unknown_field', at(at(itemPath(code), 'values'), key), `该考核要点没有字段 "${key}"（可用：${known}）`));
    }
  }
  let state: ItemState = 'present';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as Field;
    let raw = own(given, field.key);
    let fromTarget = false;
    if (field.filledBy === 'target') {
      // A target is what target filing approved, never what the evidence says it is.
      if (raw !== undefined && raw !== null) {
        problems.push(
          problem(
            'evidence_not_allowed',
            at(at(itemPath(code), 'values'), field.key),
            `目标值须经目标备案，不能在证据中直接填写：“${field.label}”（${field.key}）`,
          ),
        );
      }
      raw = targets === undefined ? undefined : own(targets, field.key)?.value;
      fromTarget = true;
    }
    if (raw === undefined || raw === null) {
      if (field.default !== undefined) {
        store(inputs, field, field.default);
        inputs.defaulted[field.slot] = 1;
      } else if (field.required) {
        state = 'missing';
      }
      continue;
    }
    const value = checkFieldValue(field, raw);
    if (value instanceof Refusal) {
      const where = fromTarget ? `${targetPath(code, field.key)}.value` : at(at(itemPath(code), 'values'), field.key);
      problems.push(problem(value.code, where, value.message));
    } else store(inputs, field, value);
  }
  for (const field of fields) {
    if (field.requiredWhen === undefined) continue;
    if (isAsked(field, inputs.values)) {
      if (inputs.values[field.slot] === undefined) state = 'missing';
    } else if ((own(given, field.key) ?? null) !== null) {
      problems.push(
        problem(
          'evidence_not_allowed',
          at(at(itemPath(code), 'values'), field.key),
          `“${field.label}”（${field.key}）仅当${conditionWords(field)}时填写，现在不应填写`,
        ),
      );
    }
  }
  return state;
}

function store(inputs: PreparedEvidence, field: Field, value: FieldValue): void {
  inputs.values[field.slot] = value;
  if (field.type === 'number' || field.type === 'integer') inputs.scaled[field.slot] = toScaled(value as Num);
  inputs.codes[field.slot] = domainCode(field, value, inputs.scaled[field.slot] as number);
}

function readScore(rubric: Rubric, item: Item, raw: number, what: 'selfScore' | 'adjustment', problems: Problem[]): Num {
  const value = fromDouble(raw);
  const code = what === 'selfScore' ? 'evidence_out_of_range' : 'adjustment_invalid';
  const label = what === 'selfScore' ? '自评分' : '调整后得分';
  const path = what === 'selfScore' ? at(itemPath(item.code), 'selfScore') : `${at(itemPath(item.code), 'adjustment')}.score`;
  if (cmp(value, 0) < 0) {
    problems.push(problem(code, path, `${label} ${raw} 不能为负数`));
  } else if (cmp(value, item.cap) > 0) {
    problems.push(problem(code, path, `${label} ${raw} 超过该要点上限 ${toExactText(item.cap)} 分`));
  } else if (!isInteger(mul(value, 10 ** rubric.precision))) {
    problems.push(problem(code, path, `${label} ${raw} 超出考核细则规定的精度（${rubric.precision} 位小数）`));
  }
  return value;
}

/** The fields of a missing item that lack a value: the required ones, or all of them when the item was not answered at all. */
export function missingFields(fields: readonly Field[], inputs: PreparedEvidence): string[] {
  const required = fields
    .filter((f) => (f.required || (f.requiredWhen !== undefined && isAsked(f, inputs.values))) && inputs.values[f.slot] === undefined)
    .map((f) => f.key);
  return required.length > 0 ? required : fields.map((f) => f.key);
}

/**
 * The same unit's evidence with some fields' values replaced, for analyses that score
 * many variants of one unit (src/analysis): the arrays are copied, each new value checked
 * and stored in its slot, states, self-scores and adjustments kept. `evidence` makes the
 * document with those values; it runs only if something reads the variant's document
 * (building results does, scoring does not), since most variants are scored and dropped.
 * Only for fields on which no other field's requiredWhen depends, since such a value
 * could change which fields are asked and so an item's state: for those,
 * prepareEvidence() the document again.
 */
export function withFieldValues(
  prepared: PreparedEvidence,
  evidence: () => EvidenceDocument,
  changes: readonly { readonly item: string; readonly field: Field; readonly value: unknown }[],
): PreparedEvidence {
  const n = prepared.values.length;
  const arrays = unitArrays(n, prepared.stateCodes.length);
  arrays.scaled.set(prepared.scaled);
  arrays.codes.set(prepared.codes);
  arrays.stateCodes.set(prepared.stateCodes);
  arrays.defaulted.set(prepared.defaulted);
  let document: EvidenceDocument | undefined;
  const variant: PreparedEvidence = {
    ...prepared,
    get evidence() {
      return (document ??= evidence());
    },
    values: prepared.values.slice(),
    ...arrays,
  };
  for (const { item, field, value } of changes) {
    const where = at(at(itemPath(item), 'values'), field.key);
    const checked = checkFieldValue(field, value);
    if (checked instanceof Refusal) throw new KaoheError([problem(checked.code, where, checked.message)]);
    if (field.requiredWhen !== undefined && !isAsked(field, variant.values)) {
      throw new KaoheError([problem('evidence_not_allowed', where, `“${field.label}”（${field.key}）仅当${conditionWords(field)}时填写，现在不应填写`)]);
    }
    store(variant, field, checked);
    variant.defaulted[field.slot] = 0;
  }
  return variant;
}
