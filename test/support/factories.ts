/**
 * Builders for rubric and evidence documents with sensible defaults, so that a test
 * states only what it is about (json-rules-engine's rule-factory idea).
 */
import { type EvidenceDocument, parseRubric, type Rubric } from '../../src/core/index.js';

type Json = Record<string, unknown>;

export function field(overrides: Json = {}): Json {
  return { key: 'value', label: '测试字段', type: 'number', min: 0, max: 100, filledBy: 'unit', ...overrides };
}

export function checkpoint(overrides: Json = {}): Json {
  return {
    code: 'C1',
    title: '测试考核要点',
    points: 10,
    method: '测试用评分方法',
    materials: [],
    lead: ['测试牵头部门'],
    fields: [field()],
    rule: { min: [10, { var: 'value' }] },
    ...overrides,
  };
}

/** A rubric document: one section and indicator holding the given checkpoints; total and points add up. */
export function rubricDocument(overrides: Json = {}, checkpoints: Json[] = [checkpoint()]): Json {
  const points = checkpoints.reduce((sum, c) => sum + Math.round(Number(c.points) * 100), 0) / 100;
  return {
    kaohe: 'rubric/v1',
    id: 'test-rubric',
    version: '1.0.0',
    year: 2015,
    title: '测试考核细则',
    total: points,
    precision: 2,
    rounding: 'half-up',
    sections: [{ code: 'S1', title: '测试一级指标', points, indicators: [{ code: 'S1.1', title: '测试指标', checkpoints }] }],
    result: {
      grades: [{ grade: 'A', min: 90 }, { grade: 'B', min: 80 }, { grade: 'C', min: 60 }, { grade: 'D' }],
    },
    ...overrides,
  };
}

export function rubric(overrides: Json = {}, checkpoints?: Json[]): Rubric {
  return parseRubric(rubricDocument(overrides, checkpoints));
}

/** Evidence for one unit: `items` maps item codes to {values, …} entries. */
export function evidence(items: EvidenceDocument['items'] = {}, overrides: Partial<EvidenceDocument> = {}): EvidenceDocument {
  return { kaohe: 'evidence/v1', rubric: 'test-rubric', year: 2015, unit: { code: '620100', name: '兰州市' }, items, ...overrides };
}

/** Shorthand: evidence giving `values` to item `code`. */
export function values(code: string, vals: Record<string, unknown>, extra: Json = {}): EvidenceDocument['items'] {
  return { [code]: { values: vals as never, ...extra } };
}

/**
 * A rubric document from the compact form the case files use: `checkpoints` (one
 * section) or `sections` ([{code, weight?, checkpoints}]), with every checkpoint and
 * every bonus and deduction item laid over checkpoint()'s defaults and given a code
 * (C1, C2, … / B1, … / D1, …) when it has none. Other keys override the document.
 * Section points and the total are added up unless the spec states them.
 */
export function rubricFromSpec(spec: Json = {}): Json {
  const { checkpoints, sections, bonus, deductions, ...rest } = spec as Json & {
    checkpoints?: Json[];
    sections?: (Json & { checkpoints: Json[] })[];
    bonus?: Json & { items: Json[] };
    deductions?: Json & { items: Json[] };
  };
  let n = 0;
  const withCode = (prefix: string) => (c: Json, i: number) => checkpoint({ code: `${prefix}${i + 1}`, ...c });
  const nextCheckpoint = (c: Json) => checkpoint({ code: `C${++n}`, ...c });
  const extras: Json = {};
  if (bonus) extras.bonus = { ...bonus, items: bonus.items.map(withCode('B')) };
  if (deductions) extras.deductions = { ...deductions, items: deductions.items.map(withCode('D')) };
  if (!sections) return rubricDocument({ ...extras, ...rest }, (checkpoints ?? [{}]).map(nextCheckpoint));

  const cents = (x: unknown) => Math.round(Number(x) * 10000);
  let total = 0;
  const built = sections.map(({ checkpoints: list, ...s }, si) => {
    const items = list.map(nextCheckpoint);
    const code = typeof s.code === 'string' ? s.code : `S${si + 1}`;
    const points = s.points ?? items.reduce((sum, c) => sum + cents(c.points), 0) / 10000;
    total += s.weight === undefined ? cents(points) : (cents(points) * cents(s.weight)) / 10000;
    return { code, title: '测试一级指标', points, ...s, indicators: [{ code: `${code}.1`, title: '测试指标', checkpoints: items }] };
  });
  return rubricDocument({ total: Math.round(total) / 10000, ...extras, ...rest, sections: built });
}

/** A checkpoint scored directly: the examiner records its score as `value`, in [0, points]. */
export function directCheckpoint(overrides: Json = {}): Json {
  const points = (overrides.points as number | undefined) ?? 10;
  return checkpoint({
    method: '考核组核定得分。',
    fields: [field({ label: '核定得分', max: points, filledBy: 'examiner' })],
    rule: { var: 'value' },
    ...overrides,
  });
}

/** Evidence for one named unit; `unit` is [code, name]. */
export function unitEvidence(
  [code, name]: readonly [string, string],
  items: EvidenceDocument['items'] = {},
  overrides: Partial<EvidenceDocument> = {},
): EvidenceDocument {
  return evidence(items, { unit: { code, name }, ...overrides });
}
