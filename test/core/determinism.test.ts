import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { type EvidenceDocument, assess, buildResults, contentHash, parseEvidence, parseRubric, seededRandom } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubricDocument } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

const RUBRIC_TEXT = readFileSync(fromRoot('rubrics', 'gansu-2015.json'), 'utf8');
const EVIDENCE_DIR = fromRoot('seeds', 'evidence', '2015');
const EVIDENCE_JSON: unknown[] = readdirSync(EVIDENCE_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(`${EVIDENCE_DIR}/${f}`, 'utf8')));

const OPTIONS = { engineVersion: 'test', year: 2015, asOf: '2016-03-31' };

/** results.json as the CLI would write it, from rubric JSON and evidence JSON. */
function resultsText(rubricJson: unknown, evidenceJson: readonly unknown[], trace = false): string {
  const rubric = parseRubric(rubricJson);
  const evidences: EvidenceDocument[] = evidenceJson.map((e) => parseEvidence(e));
  return JSON.stringify(buildResults(rubric, assess(rubric, evidences, { ...OPTIONS, trace }), evidences));
}

/** The same JSON with every object's keys in reverse order (arrays keep theirs: order is content there). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('determinism: the same inputs give byte-identical results.json', () => {
  const reference = resultsText(JSON.parse(RUBRIC_TEXT), EVIDENCE_JSON);

  it('when the Gansu demo assessment is run twice from fresh parses, the two results.json texts are identical', () => {
    expect(resultsText(JSON.parse(RUBRIC_TEXT), EVIDENCE_JSON)).to.equal(reference);
  });

  it('when the units are given in another order, results.json does not change', () => {
    expect(resultsText(JSON.parse(RUBRIC_TEXT), [...EVIDENCE_JSON].reverse())).to.equal(reference);
    for (const seed of [1, 2, 3]) expect(resultsText(JSON.parse(RUBRIC_TEXT), shuffled(EVIDENCE_JSON, seed)), `seed ${seed}`).to.equal(reference);
  });

  it('when every evidence file lists its keys in another order, results.json does not change (evidence hashes included)', () => {
    expect(resultsText(JSON.parse(RUBRIC_TEXT), EVIDENCE_JSON.map(reversedKeys))).to.equal(reference);
  });

  it('when the run records traces as it goes, results.json does not change', () => {
    expect(resultsText(JSON.parse(RUBRIC_TEXT), EVIDENCE_JSON, true)).to.equal(reference);
  });

  it('when the rubric file is reformatted and its keys reordered, results.json does not change', () => {
    const reformatted = JSON.parse(JSON.stringify(reversedKeys(JSON.parse(RUBRIC_TEXT)), null, 4));
    expect(resultsText(reformatted, EVIDENCE_JSON)).to.equal(reference);
  });
});

describe('determinism: content hashes', () => {
  const hashOf = (json: unknown) => parseRubric(json).hash;
  const original = JSON.parse(RUBRIC_TEXT) as Record<string, unknown>;

  it('when the rubric is reformatted with other whitespace or key order, its hash stays the same', () => {
    const minified = JSON.parse(JSON.stringify(original));
    const reordered = reversedKeys(original);
    expect(hashOf(minified)).to.equal(hashOf(original));
    expect(hashOf(reordered)).to.equal(hashOf(original));
    expect(hashOf(JSON.parse(JSON.stringify(original, null, '\t')))).to.equal(hashOf(original));
  });

  it('when one word of the rubric changes, its hash changes', () => {
    expect(hashOf({ ...original, title: `${String(original.title)}（修订）` })).to.not.equal(hashOf(original));
  });

  it('when results are published, they carry the rubric hash and one hash per unit’s evidence, independent of key order', () => {
    const results = JSON.parse(resultsText(original, EVIDENCE_JSON)) as { rubric: { hash: string }; units: { code: string; evidenceHash: string }[] };
    expect(results.rubric.hash)
      .to.equal(hashOf(original))
      .and.match(/^sha256:[0-9a-f]{64}$/);
    const byCode = new Map(EVIDENCE_JSON.map((e) => [(e as { unit: { code: string } }).unit.code, e]));
    for (const u of results.units) {
      expect(u.evidenceHash).to.equal(contentHash(parseEvidence(reversedKeys(byCode.get(u.code)))));
    }
  });
});

describe('determinism: traced and untraced runs agree on generated rules', () => {
  const random = seededRandom(20150630);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const literal = () => {
    const places = Math.floor(random() * 5);
    return Number(((Math.floor(random() * 2000) / 10 ** places) * (random() < 0.2 ? -1 : 1)).toFixed(places));
  };
  /** A random arithmetic rule over fields a, b, c, as rubric rules are built. */
  const rule = (depth: number): unknown => {
    if (depth === 0 || random() < 0.25) return random() < 0.5 ? { var: pick(['a', 'b', 'c']) } : literal();
    const op = pick(['+', '-', '*', '/', 'min', 'max', 'if', '%']);
    if (op === 'if') return { if: [{ [pick(['>=', '<', '==', '>'])]: [rule(depth - 1), rule(depth - 1)] }, rule(depth - 1), rule(depth - 1)] };
    return { [op]: [rule(depth - 1), rule(depth - 1)] };
  };
  const fields = [field({ key: 'a' }), field({ key: 'b', step: 0.25 }), field({ key: 'c', type: 'integer', max: 20 })];

  const outcome = (r: ReturnType<typeof parseRubric>, e: EvidenceDocument, trace: boolean): string => {
    try {
      return JSON.stringify(buildResults(r, assess(r, [e], { engineVersion: 'test', trace }), [e]));
    } catch (error) {
      return `refused: ${(error as { code?: string }).code ?? String(error)}`;
    }
  };

  it('for 400 seeded random rules at every precision and rounding mode, recording the trace never changes results.json', () => {
    let compared = 0;
    for (let k = 0; k < 400; k++) {
      const precision = pick([0, 1, 2, 3, 4]);
      const doc = rubricDocument({ precision, rounding: pick(['half-up', 'half-even', 'down']) }, [
        checkpoint({ points: 10, cap: pick([10, precision === 0 ? 12 : 12.5]), fields, rule: rule(4) }),
      ]);
      const r = parseRubric(doc);
      for (let j = 0; j < 3; j++) {
        const values = { a: Number((random() * 100).toFixed(pick([0, 1, 2, 3]))), b: Math.floor(random() * 401) / 4, c: Math.floor(random() * 21) };
        const e = parseEvidence(evidence({ C1: { values } }));
        expect(outcome(r, e, true), `${JSON.stringify(doc.sections)} on ${JSON.stringify(values)}`).to.equal(outcome(r, e, false));
        compared++;
      }
    }
    expect(compared).to.equal(1200);
  });
});
