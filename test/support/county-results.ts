/**
 * Results for a handful of Gansu's county-level units on a two-section rubric with a veto:
 * enough for grouped rankings (ties inside a city, across cities, a vetoed unit, a group of one).
 */
import { type ResultsV1, type Rubric, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { directCheckpoint, field, rubricFromSpec, unitEvidence } from './factories.js';

/** Units by code: name and city (嘉峪关市 has no counties, so it is its own city). */
export const COUNTIES: Readonly<Record<string, readonly [name: string, city: string, cityName: string]>> = {
  '620102': ['城关区', '620100', '兰州市'],
  '620103': ['七里河区', '620100', '兰州市'],
  '620104': ['西固区', '620100', '兰州市'],
  '620402': ['白银区', '620400', '白银市'],
  '620421': ['靖远县', '620400', '白银市'],
  '620200': ['嘉峪关市', '620200', '嘉峪关市'],
};

/** Two 50-point sections and a veto; `extra` sets the ranking rules. */
export function countyRubric(extra: Record<string, unknown> = {}): Rubric {
  return parseRubric(
    rubricFromSpec({
      sections: [
        { code: 'S1', title: '质量工作组织领导', checkpoints: [directCheckpoint({ code: 'C1', points: 50 })] },
        { code: 'S2', title: '质量发展成效', checkpoints: [directCheckpoint({ code: 'C2', points: 50 })] },
      ],
      vetoes: [
        {
          code: 'V1',
          title: '发生区域性、系统性质量安全事件',
          method: '发生的，考核结果为D级。',
          fields: [field({ key: 'incident', label: '是否发生', type: 'boolean', min: undefined, max: undefined, default: false, filledBy: 'examiner' })],
          rule: { var: 'incident' },
        },
      ],
      ...extra,
    }),
  );
}

/** Each unit's two section scores, and whether it is vetoed. */
export function countyResults(r: Rubric, units: Record<string, [s1: number, s2: number, veto?: boolean]>): ResultsV1 {
  const evidences = Object.entries(units).map(([code, [s1, s2, veto]]) =>
    parseEvidence(
      unitEvidence([code, (COUNTIES[code] as readonly [string, string, string])[0]], {
        C1: { values: { value: s1 } },
        C2: { values: { value: s2 } },
        V1: { values: { incident: veto ?? false } },
      }),
    ),
  );
  return buildResults(r, assess(r, evidences, { engineVersion: 'test' }), evidences);
}

export const cityOf = (code: string): string => (COUNTIES[code] as readonly [string, string, string])[1];

/** The grouping a report is given: each unit's city, by code. */
export function cityGroups(codes: readonly string[]): { title: string; of: Record<string, { code: string; name: string }> } {
  return {
    title: '市州',
    of: Object.fromEntries(codes.map((c) => [c, { code: cityOf(c), name: (COUNTIES[c] as readonly [string, string, string])[2] }])),
  };
}
