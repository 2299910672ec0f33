// kaohe assess and kaohe report --group-by city: Gansu's 86 county-level units ranked overall and
// each among its own city's counties. The Gansu rubric is written for cities; scoring counties with
// it is a demonstration of the grouping, not an assessment anyone would publish.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { loadRubric } from '../../src/adapters/files/load.js';
import { GANSU_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { type KaoheRun, described, seedRubric, useTempDirs } from '../support/cli.js';
import { readRankingCsv, readResults } from '../support/outputs.js';
import { repoRoot } from '../support/paths.js';

/** The command line from source (dist/ is built by npm test only). */
function kaohe(args: readonly string[]): KaoheRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const { tree } = loadUnitTree();
const counties = tree.units.filter((u) => u.level === 'county');
const cityName = (code: string) => tree.byCode.get(tree.byCode.get(code)?.parent ?? '')?.name;

/** Seeded evidence for every county, one file each, and a register of them naming Gansu's tree. */
function countyInputs(dir: string): { evidence: string; units: string } {
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  generateEvidence(loadRubric(seedRubric), counties.length, 12).forEach((doc, i) => {
    const { code, name } = counties[i] as { code: string; name: string };
    writeFileSync(path.join(evidence, `${code}.json`), JSON.stringify({ ...doc, unit: { code, name } }));
  });
  const units = path.join(dir, 'counties.json');
  const register = {
    province: { code: '620000', name: '甘肃省' },
    tree: GANSU_UNIT_TREE,
    units: counties.map(({ code, name, kind }) => ({ code, name, kind })),
  };
  writeFileSync(units, JSON.stringify(register));
  return { evidence, units };
}

describe('kaohe assess --group-by city, on generated evidence for Gansu’s 86 county-level units', function () {
  this.timeout(240_000);
  const tempDir = useTempDirs();
  let out = '';
  let assessed: KaoheRun;

  before(() => {
    const inputs = countyInputs(tempDir('in'));
    out = tempDir('out');
    assessed = kaohe([
      'assess',
      '--rubric',
      seedRubric,
      '--evidence',
      inputs.evidence,
      '--units',
      inputs.units,
      '--out',
      out,
      '--no-pdf',
      '--group-by',
      'city',
    ]);
  });

  it('ranks all 86 overall and names each county’s city and its rank there in ranking.csv', () => {
    expect(assessed.status, described(assessed)).to.equal(0);
    const { header, rows } = readRankingCsv(out);
    expect(header.slice(0, 5)).to.deep.equal(['名次', '单位代码', '单位名称', '所属市州', '市州内名次']);
    expect(rows).to.have.length(86);
    for (const row of rows) expect(row['所属市州'], row['单位名称']).to.equal(cityName(row['单位代码'] as string));
    expect(new Set(rows.map((r) => r['所属市州'])).size).to.equal(13);
  });

  it('within each city, ranks run from 1 in the overall order; the seeded data’s overall ties (33 and 52) are across cities, so each keeps its own city rank', () => {
    const { rows } = readRankingCsv(out);
    const tied = rows.filter((r) => r['名次'] === '33' || r['名次'] === '52').map((r) => [r['名次'], r['单位名称'], r['所属市州'], r['市州内名次']]);
    expect(tied).to.deep.equal([
      ['33', '通渭县', '定西市', '3'],
      ['33', '合作市', '甘南藏族自治州', '6'],
      ['52', '安宁区', '兰州市', '7'],
      ['52', '康乐县', '临夏回族自治州', '7'],
    ]);
    const byCity = new Map<string, { overall: number; inCity: number }[]>();
    for (const r of rows) {
      const list = byCity.get(r['所属市州'] as string) ?? [];
      list.push({ overall: Number(r['名次']), inCity: Number(r['市州内名次']) });
      byCity.set(r['所属市州'] as string, list);
    }
    expect(byCity.get('兰州市')).to.have.length(8);
    for (const [city, list] of byCity) {
      expect(list[0]?.inCity, city).to.equal(1);
      list.forEach((u, i) => {
        if (i === 0) return;
        const before = list[i - 1] as { overall: number; inCity: number };
        expect(u.inCity, `${city} #${i + 1}`).to.equal(u.overall === before.overall ? before.inCity : i + 1);
      });
    }
  });

  it('prints each county’s city and rank there in the summary, and report.md has one table per city', () => {
    const first = readResults(out).units[0] as { name: string };
    expect(assessed.stdout).to.match(/所属市州\s+市州内名次/);
    expect(assessed.stdout).to.match(new RegExp(`^\\s+1\\s+${first.name}\\s+\\S+\\s+1\\s`, 'm'));
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).to.include('## 按市州排名');
    expect(md).to.include('### 兰州市（8 个）');
    expect(md.match(/^### /gm)).to.have.length(13);
  });

  it('kaohe report --group-by 市州 from the same results.json writes the same ranking.csv', () => {
    const again = tempDir('again');
    const run = kaohe(['report', '--results', path.join(out, 'results.json'), '--out', again, '--no-pdf', '--group-by', '市州']);
    expect(run.status, described(run)).to.equal(0);
    expect(readRankingCsv(again).bytes.equals(readRankingCsv(out).bytes)).to.equal(true);
  });
});

describe('kaohe report --group-by, refused', () => {
  const tempDir = useTempDirs();

  it('an unknown level is a usage error that names the levels there are', () => {
    const run = kaohe(['report', '--results', 'test/golden/gansu-2015/results.json', '--out', tempDir('o'), '--no-pdf', '--group-by', 'county']);
    expect(run.status, described(run)).to.equal(2);
    expect(run.stderr).to.include('--group-by 应为 city（市州）或 province（省份），而不是“county”');
  });

  it('the 14 cities grouped by city (14 groups of one) are reported as without --group-by, with a note saying why', () => {
    const out = tempDir('o');
    const run = kaohe(['report', '--results', 'test/golden/gansu-2015/results.json', '--out', out, '--no-pdf', '--group-by', 'city']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stderr).to.include('提示：按市州分组后每组只有一个单位（或全部在同一市州），报告不另列市州内名次。');
    expect(readFileSync(path.join(out, 'ranking.csv'), 'utf8')).to.equal(readFileSync('test/golden/gansu-2015/ranking.csv', 'utf8'));
  });

  it('units outside the tree are named, and nothing is written', () => {
    const dir = tempDir('o');
    const results = JSON.parse(readFileSync('test/golden/gansu-2015/results.json', 'utf8')) as { units: { code: string }[] };
    (results.units[0] as { code: string }).code = '630100';
    const file = path.join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(results));
    const run = kaohe(['report', '--results', file, '--out', path.join(dir, 'out'), '--no-pdf', '--group-by', 'city']);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stderr).to.include('单位代码 630100 不在甘肃省（620000）的单位树中');
    expect(existsSync(path.join(dir, 'out'))).to.equal(false);
  });
});
