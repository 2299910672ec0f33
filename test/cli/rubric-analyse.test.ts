import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { described, runKaohe, seedEvidenceDir, seedRubric, seedUnits, useTempDirs } from '../support/cli.js';

describe('kaohe rubric analyse', () => {
  const tempDir = useTempDirs();

  it("shows, on gansu-2015 1.0.0's seeds, that 加强重点领域质量安全监管 weighs far less than its 30 points, and names what cannot tell cities apart", () => {
    const run = runKaohe(['rubric', 'analyse', '--rubric', seedRubric, '--evidence', seedEvidenceDir, '--units', seedUnits]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('（gansu-2015 1.0.0）：各部分的实际权重');
    expect(run.stdout).to.match(/S2\s+加强重点领域质量安全监管\s+30\s+30\.0%\s+12\.3%\n/);
    expect(run.stdout).to.match(/S3\s+完善质量升级的配套措施\s+25\s+25\.0%\s+36\.0%\n/);
    expect(run.stdout).to.include('不能区分单位的考核要点（各单位得分相同）：7 项\n  G10.2 新开工大中型工程项目一次验收合格率\n');
    expect(run.stdout).to.include('GB1 获中国质量奖或提名奖 与 GB4 创建全国质量强市示范城市（r = 1.00）');
  });

  it('writes the full figures as JSON, and names a bad rubric file', () => {
    const out = path.join(tempDir(), 'weights.json');
    const run = runKaohe(['rubric', 'analyse', '--rubric', seedRubric, '--evidence', seedEvidenceDir, '--out', out]);
    expect(run.status, described(run)).to.equal(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { kaohe: string; sections: { code: string; effective: number }[] };
    expect(written.kaohe).to.equal('rubric-weights/v1');
    expect(written.sections.map((s) => s.code)).to.deep.equal(['S1', 'S2', 'S3', 'S4']);
    const missing = runKaohe(['rubric', 'analyse', '--rubric', 'no-such-rubric.json']);
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.include('no-such-rubric.json');
  });
});
