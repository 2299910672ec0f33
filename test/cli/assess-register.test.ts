// A registered unit that sent no evidence file appears in the ranking with every checkpoint missing.
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { copySeedEvidence, runKaohe, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';
import { readResults } from '../support/outputs.js';

describe('kaohe assess, a unit of the register without an evidence file', () => {
  const tempDir = useTempDirs();
  it('Then every checkpoint is missing and the unit scores 0', () => {
    const evidence = copySeedEvidence(tempDir('e'));
    rmSync(path.join(evidence, '620200.json'));
    const out = tempDir('o');
    expect(runKaohe(['assess', '--rubric', seedRubric, '--evidence', evidence, '--units', seedUnits, '--out', out, '--no-pdf']).status).to.equal(0);
    const unit = readResults(out).units.find((u) => u.code === '620200');
    const checkpoints = unit?.items.filter((i) => i.kind === 'checkpoint') ?? [];
    expect(checkpoints.filter((i) => !i.missing).map((i) => `${i.code}=${i.score}`)).to.deep.equal([]);
    expect(unit?.total).to.equal(0);
  });
});
