import { expect } from 'chai';
import { type ResultsV1, type UnitResultV1, KaoheError, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { loadCaseFiles } from '../support/cases.js';
import { evidence, rubricFromSpec } from '../support/factories.js';

type Json = Record<string, unknown>;

/** One case of test/cases/patterns/*.json; each file's header string documents the format. */
interface PatternCase {
  description: string;
  rubric: Json;
  evidence?: Json;
  expect?: Json & { items?: Record<string, Json>; sections?: Record<string, number>; vetoes?: Record<string, Json> };
  expectError?: { code: string; path: string };
}

function assessCase(c: PatternCase, trace: boolean): ResultsV1 {
  const rubric = parseRubric(rubricFromSpec(c.rubric));
  // Read as an evidence file is read: through the evidence schema, with its defaults.
  const unit = parseEvidence(evidence((c.evidence ?? {}) as never));
  return buildResults(rubric, assess(rubric, [unit], { engineVersion: 'test', trace }), [unit]);
}

const pick = (from: object | undefined, keys: string[]) => (from === undefined ? undefined : Object.fromEntries(keys.map((k) => [k, (from as Json)[k]])));

/** The unit's results, cut down to exactly what the case states. */
function observed(unit: UnitResultV1, want: NonNullable<PatternCase['expect']>): Json {
  const seen: Json = {};
  for (const [key, value] of Object.entries(want)) {
    if (key === 'items') {
      seen.items = Object.fromEntries(
        Object.entries(value as Json).map(([code, v]) => [
          code,
          pick(
            unit.items.find((i) => i.code === code),
            Object.keys(v as Json),
          ),
        ]),
      );
    } else if (key === 'vetoes') {
      seen.vetoes = Object.fromEntries(
        Object.entries(value as Json).map(([code, v]) => [
          code,
          pick(
            unit.vetoes.find((x) => x.code === code),
            Object.keys(v as Json),
          ),
        ]),
      );
    } else if (key === 'sections') {
      seen.sections = Object.fromEntries(Object.keys(value as Json).map((code) => [code, unit.sections.find((s) => s.code === code)?.score]));
    } else seen[key] = (unit as unknown as Json)[key];
  }
  return seen;
}

function caseTest(c: PatternCase): void {
  if (c.expectError) {
    const want = c.expectError;
    it(`${c.description} (refused: ${want.code} at ${want.path})`, () => {
      let caught: unknown;
      try {
        assessCase(c, false);
      } catch (e) {
        caught = e;
      }
      expect(caught, 'a KaoheError').to.be.instanceOf(KaoheError);
      const { code, path } = caught as KaoheError;
      expect({ code, path }).to.deep.equal(want);
    });
    return;
  }
  it(c.description, () => {
    const results = assessCase(c, false);
    expect(observed(results.units[0] as UnitResultV1, c.expect ?? {})).to.deep.equal(c.expect);
    // Recording the trace during the run must not change a single byte of results.json.
    expect(JSON.stringify(assessCase(c, true))).to.equal(JSON.stringify(results));
  });
}

for (const file of loadCaseFiles<PatternCase>('test', 'cases', 'patterns')) {
  describe(`scoring pattern: ${file.name} (test/cases/patterns/${file.name}.json)`, () => {
    const sections = [...new Set(file.cases.map((c) => c.section))];
    for (const section of sections) describe(section, () => file.cases.filter((c) => c.section === section).forEach(caseTest));
  });
}
