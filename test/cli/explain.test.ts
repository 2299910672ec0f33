import { expect } from 'chai';
import type { ResultsV1 } from '../../src/core/index.js';
import { seedsAssessed } from '../support/assessed-seeds.js';
import { described, readJsonFile, runKaohe, seedEvidence, seedRubric } from '../support/cli.js';
import { readResults } from '../support/outputs.js';
import { type ItemJson, checkpointsOf, readRubricJson } from '../support/rubric-json.js';
import { fixed } from '../../src/report/format.js';

interface EvidenceItem {
  values?: Record<string, unknown>;
  notApplicable?: boolean;
  adjustment?: { score: number; justification: string };
}

const rubric = readRubricJson(seedRubric);
const rubricItems = new Map<string, Pick<ItemJson, 'code' | 'title' | 'method'>>(
  [...checkpointsOf(rubric).map((c) => c.checkpoint), ...(rubric.bonus?.items ?? []), ...(rubric.deductions?.items ?? []), ...(rubric.vetoes ?? [])].map(
    (i) => [i.code, i],
  ),
);
const evidenceItem = (unit: string, code: string) => readJsonFile<{ items: Record<string, EvidenceItem> }>(seedEvidence(unit)).items[code];

describe('kaohe explain', () => {
  let assessed: ResultsV1;
  before(() => {
    const { out, run } = seedsAssessed();
    expect(run.status, described(run)).to.equal(0);
    assessed = readResults(out);
  });

  const explain = (unit: string, item: string) => runKaohe(['explain', '--rubric', seedRubric, '--evidence', seedEvidence(unit), '--item', item]);
  const verified = (unit: string, item: string) => assessed.units.find((u) => u.code === unit)?.items.find((i) => i.code === item);

  /** What every explanation must show: the item, the unit, the method in the rubric's words and the values the unit gave. */
  function expectExplained(text: string, unit: string, code: string): void {
    const item = rubricItems.get(code);
    const unitName = assessed.units.find((u) => u.code === unit)?.name as string;
    expect(text).to.include(code);
    expect(text).to.include(item?.title);
    expect(text).to.include(unitName);
    expect(text).to.include(item?.method);
    const lines = text.split('\n');
    for (const [key, value] of Object.entries(evidenceItem(unit, code)?.values ?? {})) {
      const line = lines.find((l) => l.includes(`（${key}）`));
      expect(line, `the evidence value of ${key} is not shown\n${text}`).to.be.a('string');
      for (const part of Array.isArray(value) ? value : [value]) expect(line).to.include(String(part));
    }
  }

  it('When a user asks about a checkpoint (兰州市 G10.1), Then the explanation gives the method, the coverage rate read and the final score', () => {
    const run = explain('620100', 'G10.1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '620100', 'G10.1');
    const score = verified('620100', 'G10.1')?.score;
    expect(score).to.equal(2.3);
    expect(run.stdout).to.include(`得分：${fixed(score as number, 2)} 分`);
  });

  it('When a user asks about a bonus item (兰州市 GB1), Then it shows the awards counted and the bonus given', () => {
    const run = explain('620100', 'GB1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '620100', 'GB1');
    expect(run.stdout).to.include(`加分：${fixed(verified('620100', 'GB1')?.score as number, 2)} 分`);
  });

  it('When a user asks about a deduction item (白银市 GD1), Then it shows the incidents found and the points deducted', () => {
    const run = explain('620400', 'GD1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '620400', 'GD1');
    const deducted = verified('620400', 'GD1')?.score;
    expect(deducted).to.be.greaterThan(0);
    expect(run.stdout).to.include(`扣分：${fixed(deducted as number, 2)} 分`);
  });

  it('When a user asks about the veto (白银市 GV1), Then it shows the finding, that the veto applies and that the result is 不合格 while the score stands', () => {
    const run = explain('620400', 'GV1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '620400', 'GV1');
    expect(run.stdout).to.include('一票否决');
    expect(run.stdout).to.include('触发');
    expect(run.stdout).to.include('不合格');
    expect(run.stdout).to.include('得分照常计算');
  });

  it('When a user asks about the veto for a unit without the incident (兰州市 GV1), Then it says the veto does not apply', () => {
    const run = explain('620100', 'GV1');
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('兰州市');
    expect(run.stdout).to.not.match(/结论：触发/);
  });

  it('When a user asks about a checkpoint whose evidence is missing (临夏回族自治州 G12.1), Then it names the missing field and gives 0 points', () => {
    const run = explain('622900', 'G12.1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '622900', 'G12.1');
    const item = verified('622900', 'G12.1');
    expect(item?.missing).to.equal(true);
    for (const field of item?.missingFields ?? []) expect(run.stdout).to.include(field);
    expect(run.stdout).to.include('缺少证据');
    expect(run.stdout).to.include('得分：0.00 分');
  });

  it('When a user asks about a checkpoint declared 不涉及 (金昌市 G11.3), Then it says so and gives the score the rubric states for it', () => {
    const run = explain('620300', 'G11.3');
    expect(run.status, described(run)).to.equal(0);
    expect(evidenceItem('620300', 'G11.3')?.notApplicable).to.equal(true);
    expectExplained(run.stdout, '620300', 'G11.3');
    const item = verified('620300', 'G11.3');
    expect(item?.status).to.equal('not_applicable');
    expect(run.stdout).to.include('不涉及');
    expect(run.stdout).to.include(`得分：${fixed(item?.score as number, 2)} 分`);
  });

  it('When a user asks about a checkpoint the examiners adjusted (酒泉市 G12.1), Then it shows the computed score, the adjusted score and the written justification', () => {
    const run = explain('620900', 'G12.1');
    expect(run.status, described(run)).to.equal(0);
    expectExplained(run.stdout, '620900', 'G12.1');
    const item = verified('620900', 'G12.1');
    const adjustment = evidenceItem('620900', 'G12.1')?.adjustment;
    expect(item?.computed).to.not.equal(item?.score);
    expect(item?.score).to.equal(adjustment?.score);
    expect(run.stdout).to.include(adjustment?.justification);
    expect(run.stdout).to.include(`${item?.computed} → ${item?.score}`);
    expect(run.stdout).to.include(`得分：${fixed(item?.score as number, 2)} 分`);
  });

  it('When a user asks about an item code the rubric does not have, Then it names the code, lists the valid ones and exits non-zero', () => {
    const run = explain('620100', 'G10.9');
    expect(run.status).to.not.equal(0);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.include('G10.9');
    expect(run.stderr).to.include('G10.1');
    expect(run.stderr).to.include('GV1');
  });

  it('When --item is left out, Then it says what is missing and exits non-zero', () => {
    const run = runKaohe(['explain', '--rubric', seedRubric, '--evidence', seedEvidence('620100')]);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('--item');
  });

  it('When an unknown option is given, Then it is named and the exit code is not 0', () => {
    const run = runKaohe(['explain', '--rubric', seedRubric, '--evidence', seedEvidence('620100'), '--code', 'G10.1']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('--code');
  });
});
