import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceBundle } from '../audit/replay-fixtures.js';
import { type KaoheRun, described, editJsonFile, runKaohe, seedRubric, useTempDirs } from '../support/cli.js';

type Json = any;

describe('kaohe audit replay', () => {
  const tempDir = useTempDirs();
  let bundle: string;
  let dir: string;

  before(() => {
    dir = tempDir('replay');
    const assessed = runKaohe(['assess', '--rubric', seedRubric, '--out', path.join(dir, 'out'), '--bundle', '--no-pdf']);
    expect(assessed.status, described(assessed)).to.equal(0);
    bundle = path.join(dir, 'out', 'bundle.json');
  });

  /** A copy of the bundle, changed by `edit`. */
  function tampered(name: string, edit: (b: Json) => void): string {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, readFileSync(bundle, 'utf8'));
    editJsonFile(file, edit);
    return file;
  }

  it('replays the bundle `kaohe assess --bundle` wrote: exit 0 and a summary of what agreed', () => {
    const run = runKaohe(['audit', 'replay', bundle]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include(`审计包复核通过：${bundle}`);
    expect(run.stdout).to.include('清单中 61 个部分的哈希一致');
    expect(run.stdout).to.include('来自文件的审计包：没有审计链和存储记录可核对');
    expect(run.stdout).to.include('14 个单位、868 个考核要点重新计算，结果与包内一致');
    expect(run.stdout).to.include('第二评估器独立计算 868 个考核要点，全部一致');
    expect(run.stderr).to.equal('');
  });

  it('replays a service bundle: the chain and the stored records are checked too', () => {
    const file = path.join(dir, 'service.json');
    const service = serviceBundle();
    writeFileSync(file, JSON.stringify(service));
    const run = runKaohe(['audit', 'replay', file]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include(`审计链 ${service.audit.length} 条记录完好，评分、提交记录、审核记录、材料记录和评价意见与审计链一致`);
  });

  it('a service bundle with an audit entry removed: the entry after it is named by its seq', () => {
    const file = path.join(dir, 'entry-removed.json');
    const t: Json = serviceBundle();
    t.audit.splice(4, 1);
    writeFileSync(file, JSON.stringify(t));
    const run = runKaohe(['audit', 'replay', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.include('[audit #6] 审计记录 #6');
    expect(run.stdout).to.include('序号应为 5，实际为 6（其前有 1 条记录缺失）');
  });

  it('--json prints the report', () => {
    const run = runKaohe(['audit', 'replay', bundle, '--json']);
    expect(run.status, described(run)).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({
      ok: true,
      problems: [],
      units: 14,
      checkpoints: 868,
      secondEvaluator: { checkpoints: 868, disagreements: 0 },
    });
  });

  describe('a tampered bundle: exit 1, every problem grouped by unit with both values', () => {
    let run: KaoheRun;
    before(() => {
      const file = tampered('evidence-changed', (b) => {
        b.units.find((u: Json) => u.code === '620100').evidence.items['G10.1'].values.supervisionCoverage = 100;
      });
      run = runKaohe(['audit', 'replay', file]);
    });

    it('exits 1 and says how many problems it found', () => {
      expect(run.status, described(run)).to.equal(1);
      expect(run.stdout).to.match(/^审计包复核未通过：.*evidence-changed\.json，发现 \d+ 处问题$/m);
    });

    it('names the part whose hash no longer matches the manifest', () => {
      expect(run.stdout).to.include('[units/620100/evidence] 部分 units/620100/evidence 的内容与清单所记的哈希不符');
    });

    it("lists the unit's problems under the unit, with the bundle's and the recomputed values", () => {
      const unit = run.stdout.slice(run.stdout.indexOf('单位 620100：'));
      expect(unit).to.include('[results] 单位 620100（兰州市）考核要点 G10.1 的得分：包内值 2.30，重算值 2.50');
      expect(unit).to.include('[results] 单位 620100（兰州市）的总分：包内值 90.74，重算值 90.94');
      expect(unit).to.include('第二评估器得 2.50，包内结果为 2.30');
    });

    it("ends with the second evaluator's count", () => {
      expect(run.stdout.trimEnd().split('\n').at(-1)).to.equal('第二评估器独立计算 868 个考核要点，2 处与包内结果不一致');
    });
  });

  it('a changed score in the results, with the manifest left as it was: the results part and the checkpoint are named', () => {
    const file = tampered('result-changed', (b) => {
      b.results.units.find((u: Json) => u.code === '621200').total = 59.99;
    });
    const run = runKaohe(['audit', 'replay', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.include('[results] 部分 results 的内容与清单所记的哈希不符');
    expect(run.stdout).to.include('单位 621200（陇南市）的总分：包内值 59.99，重算值 60.00');
  });

  it('a missing file or a file that is not JSON: a clear message and exit 2 (nothing was checked)', () => {
    const missing = runKaohe(['audit', 'replay', path.join(dir, 'nope.json')]);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.include('nope.json：文件不存在');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"kaohe": "bundle/v1",');
    const notJson = runKaohe(['audit', 'replay', broken]);
    expect(notJson.status).to.equal(2);
    expect(notJson.stderr).to.include('broken.json：不是有效的 JSON');
    expect(notJson.stdout).to.equal('');
  });

  it('a JSON file that is not a bundle: exit 1, naming the field', () => {
    const run = runKaohe(['audit', 'replay', path.join(dir, 'out', 'results.json')]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.include('不是 Kaohe 审计包');
  });

  it('misuse: no file, or an unknown option, exits 2', () => {
    const none = runKaohe(['audit', 'replay']);
    expect(none.status).to.equal(2);
    expect(none.stderr).to.include('缺少审计包文件');
    expect(runKaohe(['audit', 'replay', bundle, '--fast']).status).to.equal(2);
  });

  it('--help explains what is checked', () => {
    const run = runKaohe(['audit', 'replay', '--help']);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('用法：kaohe audit replay <审计包.json> [--json]');
    expect(run.stdout).to.include('第二评估器');
  });
});
