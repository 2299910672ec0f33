/**
 * Reads one unit's evidence against the rubric: every value is checked against its
 * field (a bad value is refused with its path, never scored), defaults are filled
 * in, and each item ends up in one of three states: present, missing (a required
 * value was not given) or not applicable (不涉及).
 */
import { type Problem, at, problem } from '../errors.js';
import { type Num, cmp, fromDouble, isInteger, mul, toExactText } from '../exact/index.js';
import { type Field, type FieldValue, type Item, type Rubric, type Veto, checkFieldValue } from '../rubric/index.js';
import type { EvidenceDocument, EvidenceItemDocument } from './schema.js';

export type ItemState = 'present' | 'missing' | 'not_applicable';

export interface ItemInput {
  readonly state: ItemState;
  /** What the rule reads: given values and defaults; absent optional fields are left out. */
  readonly data: Readonly<Record<string, FieldValue>>;
  /** Keys whose value came from the field's default. */
  readonly defaulted: readonly string[];
  readonly missingFields: readonly string[];
  readonly selfScore?: Num;
  readonly adjustment?: { readonly score: Num; readonly justification: string; readonly by?: string };
  readonly note?: string;
  readonly finding?: string;
  readonly materials?: EvidenceItemDocument['materials'];
}

export interface UnitInputs {
  readonly items: ReadonlyMap<string, ItemInput>;
  readonly vetoes: ReadonlyMap<string, ItemInput>;
}

const EMPTY: EvidenceItemDocument = { values: {} };

/** Problems are collected for the whole document; the caller refuses it if there are any. */
export function normaliseEvidence(rubric: Rubric, evidence: EvidenceDocument): { inputs: UnitInputs; problems: Problem[] } {
  const problems: Problem[] = [];
  if (evidence.rubric !== rubric.id) {
    problems.push(problem('evidence_mismatch', '$.rubric', `证据对应的考核细则是 "${evidence.rubric}"，而不是 "${rubric.id}"`));
  }
  if (evidence.year !== rubric.year) {
    problems.push(problem('evidence_mismatch', '$.year', `证据年度 ${evidence.year} 与考核细则年度 ${rubric.year} 不一致`));
  }
  // Evidence for another rubric or year would only add noise item by item.
  if (problems.length > 0) return { inputs: { items: new Map(), vetoes: new Map() }, problems };
  const vetoByCode = new Map(rubric.vetoes.map((v) => [v.code, v]));
  for (const code of Object.keys(evidence.items)) {
    if (!rubric.items.has(code) && !vetoByCode.has(code)) {
      problems.push(problem('evidence_unknown_item', at('$.items', code), `考核细则中没有编码为 "${code}" 的考核要点`));
    }
  }
  const items = new Map<string, ItemInput>();
  for (const item of rubric.items.values()) {
    items.set(item.code, readItem(rubric, item, evidence.items[item.code], at('$.items', item.code), problems));
  }
  const vetoes = new Map<string, ItemInput>();
  for (const veto of rubric.vetoes) {
    vetoes.set(veto.code, readVeto(veto, evidence.items[veto.code], at('$.items', veto.code), problems));
  }
  return { inputs: { items, vetoes }, problems };
}

function readValues(fields: readonly Field[], given: EvidenceItemDocument, path: string, problems: Problem[]) {
  const data: Record<string, FieldValue> = {};
  const defaulted: string[] = [];
  const missingFields: string[] = [];
  const valuesPath = at(path, 'values');
  for (const key of Object.keys(given.values)) {
    if (!fields.some((f) => f.key === key)) {
      problems.push(problem('evidence_unknown_field', at(valuesPath, key), `该考核要点没有字段 "${key}"（可用：${fields.map((f) => f.key).join('、') || '无'}）`));
    }
  }
  for (const field of fields) {
    const raw = given.values[field.key];
    if (raw === undefined || raw === null) {
      if (field.default !== undefined) {
        data[field.key] = field.default;
        defaulted.push(field.key);
      } else if (field.required) {
        missingFields.push(field.key);
      }
      continue;
    }
    const check = checkFieldValue(field, raw, at(valuesPath, field.key));
    if (check.ok) data[field.key] = check.value;
    else problems.push(check.problem);
  }
  return { data, defaulted, missingFields };
}

function readItem(rubric: Rubric, item: Item, given: EvidenceItemDocument | undefined, path: string, problems: Problem[]): ItemInput {
  const doc = given ?? EMPTY;
  const selfScore = readScore(rubric, item, doc.selfScore, at(path, 'selfScore'), '自评分', problems);
  const adjustment = doc.adjustment && {
    score: readScore(rubric, item, doc.adjustment.score, at(at(path, 'adjustment'), 'score'), '调整后得分', problems) ?? 0,
    justification: doc.adjustment.justification,
    by: doc.adjustment.by,
  };
  const common = { selfScore, adjustment, note: doc.note, finding: doc.finding, materials: doc.materials };
  if (doc.notApplicable === true) {
    if (!item.notApplicable) {
      problems.push(problem('evidence_not_allowed', at(path, 'notApplicable'), `考核要点 ${item.code} 不允许申报“不涉及”`));
    } else if (Object.keys(doc.values).length > 0) {
      problems.push(problem('evidence_not_allowed', at(path, 'values'), `已申报“不涉及”的考核要点 ${item.code} 不应再填写证据值`));
    }
    return { state: 'not_applicable', data: {}, defaulted: [], missingFields: [], ...common };
  }
  const { data, defaulted, missingFields } = readValues(item.fields, doc, path, problems);
  return { state: missingFields.length > 0 ? 'missing' : 'present', data, defaulted, missingFields, ...common };
}

function readVeto(veto: Veto, given: EvidenceItemDocument | undefined, path: string, problems: Problem[]): ItemInput {
  const doc = given ?? EMPTY;
  for (const key of ['selfScore', 'adjustment', 'notApplicable'] as const) {
    if (doc[key] !== undefined) problems.push(problem('evidence_not_allowed', at(path, key), `一票否决事项 ${veto.code} 不能填写 ${key}`));
  }
  const { data, defaulted, missingFields } = readValues(veto.fields, doc, path, problems);
  return { state: missingFields.length > 0 ? 'missing' : 'present', data, defaulted, missingFields, note: doc.note, finding: doc.finding };
}

function readScore(rubric: Rubric, item: Item, raw: number | undefined, path: string, what: string, problems: Problem[]): Num | undefined {
  if (raw === undefined) return undefined;
  const value = fromDouble(raw);
  if (cmp(value, item.cap) > 0) {
    problems.push(problem(what === '自评分' ? 'evidence_out_of_range' : 'adjustment_invalid', path, `${what} ${raw} 超过该要点上限 ${toExactText(item.cap)} 分`));
  } else if (!isInteger(mul(value, 10 ** rubric.precision))) {
    problems.push(problem(what === '自评分' ? 'evidence_out_of_range' : 'adjustment_invalid', path, `${what} ${raw} 超出考核细则规定的精度（${rubric.precision} 位小数）`));
  }
  return value;
}
