/**
 * Builders for rubric and evidence documents with sensible defaults, so that a test
 * states only what it is about (json-rules-engine's rule-factory idea).
 */
import type { EvidenceDocument, Rubric } from '../../src/core/index.js';
import { parseRubric } from '../../src/core/index.js';

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
      grades: [
        { grade: 'A', min: 90 },
        { grade: 'B', min: 80 },
        { grade: 'C', min: 60 },
        { grade: 'D' },
      ],
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
