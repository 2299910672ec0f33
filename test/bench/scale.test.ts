/**
 * The shape of the bench's scale section on tiny sizes (its figures are the bench's to
 * measure, not a test's): every size has a row per step and a memory row, the reference
 * size reads ×1.00, steps past the results limit say why they are missing, and the
 * generated evidence of the newest rubric is accepted (its targets filed where 1.1.0 reads them).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { scaleBenchmark, scaleEvidence } from '../../bench/scale.js';
import { type EvidenceDocument, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { fromRoot } from '../support/paths.js';

const NEWEST = fromRoot('rubrics', 'gansu-2015-1.1.0.json');
const STEPS = ['prepareEvidence', 'assess', 'assess, traced', 'results.json text', 'second evaluator'];

describe('bench/scale.ts', () => {
  it('prints a row per step and size, a memory row per size, and the largest size against the reference', () => {
    const lines: string[] = [];
    const { rows, memory } = scaleBenchmark({ sizes: [7, 3], rubricFile: NEWEST, log: (l) => lines.push(l) });
    expect(rows.map((r) => [r.units, r.step])).to.deep.equal([3, 7].flatMap((units) => STEPS.map((step) => [units, step])));
    expect(rows.every((r) => r.ms !== undefined && r.ms > 0)).to.equal(true);
    expect(memory.map((m) => m.units)).to.deep.equal([3, 7]);
    expect(memory.every((m) => m.heapPeak > m.heapBefore && m.rssHighWater > 0)).to.equal(true);
    expect(lines[0]).to.match(/^scale: the core alone, gansu-2015 1\.1\.0, .*against 7 units/);
    for (const step of STEPS)
      expect(lines.find((l) => l.includes('     7 units') && l.includes(step)))
        .to.match(/ms\/unit|µs\/unit/)
        .and.match(/×1\.00/);
    expect(lines.filter((l) => l.includes(' memory '))).to.have.length(2);
    expect(lines[lines.length - 1]).to.match(
      /^scale_per_unit_7_vs_7 prepareEvidence=1\.00 assess=1\.00 assess_traced=1\.00 results_json_text=1\.00 second_evaluator=1\.00$/,
    );
  });

  it('times scoring alone when asked, and says so on the rows it leaves out', () => {
    const lines: string[] = [];
    const { rows } = scaleBenchmark({ sizes: [3], rubricFile: fromRoot('rubrics', 'gansu-2015.json'), resultsUpTo: 0, log: (l) => lines.push(l) });
    expect(rows.filter((r) => r.ms === undefined).map((r) => r.step)).to.deep.equal(['results.json text', 'second evaluator']);
    expect(lines.filter((l) => l.includes('scoring only for this rubric'))).to.have.length(2);
    expect(lines[lines.length - 1]).to.equal('scale_per_unit_3_vs_3 prepareEvidence=1.00 assess=1.00 assess_traced=1.00');
  });

  it('files generated target values as approved targets, which 1.1.0 accepts', () => {
    const rubric = parseRubric(JSON.parse(readFileSync(NEWEST, 'utf8')));
    const [first] = scaleEvidence(rubric, 1, 1);
    expect(Object.keys(first?.targets ?? {})).to.include('Q04.1');
    expect(() => prepareEvidence(rubric, first as EvidenceDocument)).not.to.throw();
  });
});
