/** The shape of the bench's uncertainty section on few draws (its figures are the bench's to measure, not a test's). */
import { expect } from 'chai';
import { uncertaintyBenchmark } from '../../bench/uncertainty.js';

describe('bench/uncertainty.ts', () => {
  it('prints, per size and spec, what varies, the time, the ratio to plain scoring and the aim', () => {
    const lines: string[] = [];
    uncertaintyBenchmark([14, 20], (l) => lines.push(l), 20);
    expect(lines[0]).to.match(/^\nuncertainty: 20 draws, each scored exactly \(rubric gansu-2015 1\.1\.0\)/);
    expect(lines.slice(1)).to.have.length(4);
    for (const line of lines.slice(1))
      expect(line).to.match(/^\s+(14|20) units\s+judgements.*varying\s+\d+\.\d\d s\s+×\d+\.\d\d plain scoring\s+\(aim [\d.]+ s: (met|not met)\)$/);
  });
});
