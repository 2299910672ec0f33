import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsV1 } from '../../src/core/index.js';
import { acrossEvidence, acrossYearsRubric } from '../support/across-years.js';
import { described, runKaohe, useTempDirs } from '../support/cli.js';

/** The across-years rubric of 2015 and both years' evidence folders, as files. */
function writeInputs(root: string, lastYear = acrossEvidence(2014)): { rubric: string; evidence: string; previous: string } {
  const rubric = path.join(root, 'across-years-2015.json');
  writeFileSync(rubric, JSON.stringify(acrossYearsRubric(2015), null, 2));
  const folders = { evidence: path.join(root, 'evidence', '2015'), previous: path.join(root, 'evidence', '2014') };
  for (const [dir, docs] of [
    [folders.evidence, acrossEvidence(2015)],
    [folders.previous, lastYear],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    for (const doc of docs) writeFileSync(path.join(dir, `${doc.unit.code}.json`), JSON.stringify(doc, null, 2));
  }
  return { rubric, ...folders };
}

const results = (out: string) => JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as ResultsV1;
const totals = (r: ResultsV1) => Object.fromEntries(r.units.map((u) => [u.code, u.total]));

describe('kaohe assess --previous <last year’s evidence folder>', () => {
  const tempDir = useTempDirs();

  it('scores a rubric reading last year against it, names it in results.json and carries it in the bundle, which replays', () => {
    const root = tempDir('previous');
    const inputs = writeInputs(root);
    const out = path.join(root, 'out');
    const run = runKaohe([
      'assess',
      '--rubric',
      inputs.rubric,
      '--evidence',
      inputs.evidence,
      '--previous',
      inputs.previous,
      '--out',
      out,
      '--no-pdf',
      '--bundle',
    ]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stderr).not.to.include('未给出上年证据目录');
    // Hand-checked (test/support/across-years.ts): 兰州 1st and 2.8 up (5), 嘉峪关 2nd and 0.5 up, 金昌 3rd and not up.
    expect(totals(results(out))).to.deep.equal({ '620100': 15, '620200': 10.75, '620300': 9 });
    expect(results(out).previousEvidenceHash).to.match(/^sha256:/);
    const replay = runKaohe(['audit', 'replay', path.join(out, 'bundle.json')]);
    expect(replay.status, described(replay)).to.equal(0);
  });

  it('without it, scores every unit as having no last year and says so', () => {
    const root = tempDir('no-previous');
    const inputs = writeInputs(root);
    const out = path.join(root, 'out');
    const run = runKaohe(['assess', '--rubric', inputs.rubric, '--evidence', inputs.evidence, '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stderr).to.include('提示：考核细则读取上年数据，但未给出上年证据目录（--previous <目录>），各单位按无上年数据评分。');
    expect(totals(results(out))).to.deep.equal({ '620100': 12.5, '620200': 12, '620300': 11.5 });
    expect(results(out)).not.to.have.property('previousEvidenceHash');
  });

  it('refuses a file of another year by its name, in Chinese, and writes nothing', () => {
    const root = tempDir('wrong-year');
    const lastYear = acrossEvidence(2014);
    const inputs = writeInputs(root, [lastYear[0], { ...lastYear[1], year: 2015 }, lastYear[2]] as typeof lastYear);
    const out = path.join(root, 'out');
    const run = runKaohe(['assess', '--rubric', inputs.rubric, '--evidence', inputs.evidence, '--previous', inputs.previous, '--out', out, '--no-pdf']);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('620200.json');
    expect(run.stderr).to.include('这是 2015 年度的证据，上年证据应为 2014 年度的（--previous 应给出 2014 年度的证据目录）');
    expect(run.stderr).not.to.include('620100.json');
    expect(existsSync(out)).to.equal(false);
  });

  it('kaohe audit diff of two such bundles says a rank moved because another unit’s evidence changed', () => {
    const root = tempDir('diff');
    const inputs = writeInputs(root);
    const assessTo = (out: string) => {
      const run = runKaohe([
        'assess',
        '--rubric',
        inputs.rubric,
        '--evidence',
        inputs.evidence,
        '--previous',
        inputs.previous,
        '--out',
        out,
        '--no-pdf',
        '--bundle',
      ]);
      expect(run.status, described(run)).to.equal(0);
      return path.join(out, 'bundle.json');
    };
    const before = assessTo(path.join(root, 'a'));
    // 嘉峪关市 corrects its rate 97.5 → 98.5 and passes 兰州市 for 1st place in C1.
    const file = path.join(inputs.evidence, '620200.json');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('97.5', '98.5'));
    const after = assessTo(path.join(root, 'b'));
    const diff = runKaohe(['audit', 'diff', before, after]);
    expect(diff.status, described(diff)).to.equal(1); // as diff(1): the bundles differ
    expect(diff.stdout).to.include('证据（其他单位：620200）');
    expect(diff.stdout).to.include('证据（“产品质量监督抽查合格率”）');
  });

  it('names the file of a last-year value this year’s rubric refuses', () => {
    const root = tempDir('refused-value');
    const lastYear = acrossEvidence(2014);
    const bad = { ...lastYear[2], items: { C1: { values: { passRate: 96 } }, C2: { values: { passRate: 120 } } } };
    const inputs = writeInputs(root, [lastYear[0], lastYear[1], bad] as typeof lastYear);
    const run = runKaohe([
      'assess',
      '--rubric',
      inputs.rubric,
      '--evidence',
      inputs.evidence,
      '--previous',
      inputs.previous,
      '--out',
      path.join(root, 'out'),
      '--no-pdf',
    ]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('620300.json');
    expect(run.stderr).to.include('$.items.C2.values.passRate');
  });
});
