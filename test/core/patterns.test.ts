import { expect } from 'chai';
import { type ResultsV1, type UnitResultV1, KaoheError, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { loadCaseFiles } from '../support/cases.js';
import { evidence, rubricFromSpec, unitEvidence } from '../support/factories.js';

type Json = Record<string, unknown>;
type Expectation = Json & { items?: Record<string, Json>; sections?: Record<string, number>; vetoes?: Record<string, Json> };

/** One case of test/cases/patterns/*.json; each file's header string documents the format. */
interface PatternCase {
  description: string;
  rubric: Json;
  evidence?: Json;
  /** Other units of the same assessment: their items by unit code. */
  others?: Record<string, Json>;
  /** The unit's approved filed targets: the evidence's `targets` section. */
  targets?: Json;
  /** Last year's evidence: items by unit code. */
  previous?: Record<string, Json>;
  expect?: Expectation;
  /** Other units' expectations, by unit code. */
  expectUnits?: Record<string, Expectation>;
  expectError?: { code: string; path: string };
}

/** The unit every case is about (evidence), and the others' names. */
const FIRST = '620100';
const NAMES: Readonly<Record<string, string>> = {
  '620100': '兰州市',
  '620200': '嘉峪关市',
  '620300': '金昌市',
  '620400': '白银市',
  '620500': '天水市',
  '620600': '武威市',
  '620700': '张掖市',
};

const named = (code: string) => [code, NAMES[code] ?? `单位${code}`] as const;

function assessCase(c: PatternCase, trace: boolean): ResultsV1 {
  const rubric = parseRubric(rubricFromSpec(c.rubric));
  // Read as an evidence file is read: through the evidence schema, with its defaults.
  const units = [
    parseEvidence(evidence((c.evidence ?? {}) as never, c.targets ? { targets: c.targets as never } : {})),
    ...Object.entries(c.others ?? {}).map(([code, items]) => parseEvidence(unitEvidence(named(code), items as never))),
  ];
  const previous = c.previous && Object.entries(c.previous).map(([code, items]) => parseEvidence(unitEvidence(named(code), items as never, { year: 2014 })));
  return buildResults(rubric, assess(rubric, units, { engineVersion: 'test', trace, ...(previous && { previous }) }), units);
}

/** An item's trace events of one kind, without their kind: what a case states of `population`, `previous` or `read`. */
const DERIVED_KEYS = new Set(['population', 'previous', 'read']);

function itemObserved(unit: UnitResultV1, code: string, want: Json): Json | undefined {
  const item = unit.items.find((i) => i.code === code);
  if (item === undefined) return undefined;
  const plain = pick(
    item,
    Object.keys(want).filter((k) => !DERIVED_KEYS.has(k)),
  ) as Json;
  for (const kind of Object.keys(want).filter((k) => DERIVED_KEYS.has(k))) {
    plain[kind] = item.trace.filter((e) => e.kind === kind).map(({ kind: _, ...rest }) => rest);
  }
  return plain;
}

const pick = (from: object | undefined, keys: string[]) => (from === undefined ? undefined : Object.fromEntries(keys.map((k) => [k, (from as Json)[k]])));

/** The unit's results, cut down to exactly what the case states. */
function observed(unit: UnitResultV1, want: NonNullable<PatternCase['expect']>): Json {
  const seen: Json = {};
  for (const [key, value] of Object.entries(want)) {
    if (key === 'items') {
      seen.items = Object.fromEntries(Object.entries(value as Json).map(([code, v]) => [code, itemObserved(unit, code, v as Json)]));
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
    const unit = (code: string) => results.units.find((u) => u.code === code) as UnitResultV1;
    expect(observed(unit(FIRST), c.expect ?? {})).to.deep.equal(c.expect);
    for (const [code, want] of Object.entries(c.expectUnits ?? {})) expect(observed(unit(code), want), code).to.deep.equal(want);
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
