import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { type ResultsV1, type Rubric, assess, buildResults, explainItem, explainVeto, parseEvidence, parseRubric } from '../../src/core/index.js';
import { checkpoint, evidence, field, rubric } from '../support/factories.js';
import { fromRoot } from '../support/paths.js';

const national = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'national-example.json'), 'utf8')));

const LANZHOU = parseEvidence(
  evidence(
    {
      'N1.1.2': { values: { planMade: true, aspects: ['目标', '任务'] }, selfScore: 5 },
      'N2.1.1': { values: { coverage: 97.33 } },
      'N3.1.1': { values: { built: 2, planned: 3 } },
      'N3.1.2': { values: {}, notApplicable: true },
      'N3.2.1': { values: { hasPlan: false, hasPlatform: false }, adjustment: { score: 0.5, justification: '平台已在建设中', by: '省考核组' } },
      'N3.2.2': { values: { discretionaryDeduction: 1.5 }, finding: '现场核查发现检验记录不全' },
      NB1: { values: { awards: 1 } },
      ND1: { values: { incidents: 2 } },
      NV1: { values: { systemicIncident: true } },
    },
    { rubric: 'national-example' },
  ),
);

function published(r: Rubric, e = LANZHOU, trace = false): ResultsV1 {
  return buildResults(r, assess(r, [e], { engineVersion: 'test', trace }), [e]);
}

/** explainItem as a user runs it: from the published results.json, read back as JSON. */
function explain(code: string, r: Rubric = national, e = LANZHOU): string {
  const unit = (JSON.parse(JSON.stringify(published(r, e))) as ResultsV1).units[0];
  const item = r.items.get(code);
  const result = unit?.items.find((i) => i.code === code);
  if (!item || !result) throw new Error(`no item ${code}`);
  return explainItem(item, result, unit?.name);
}

describe('explainItem: how a checkpoint got its points, in words', () => {
  it('when coverage is 97.33%, the explanation shows the method, the labelled evidence, each step, the rounding and the score', () => {
    const text = explain('N2.1.1');
    expect(text).to.contain('N2.1.1 重点产品监督抽查覆盖率（兰州市）');
    expect(text).to.contain('评分方法：覆盖率100%得10分，每低1个百分点扣0.5分，扣完为止。');
    expect(text).to.contain('规则：max(0, 10 − 0.5 × (100 − coverage))');
    expect(text).to.contain('监督抽查覆盖率（coverage） = 97.33 % ［单位填报］，允许范围 [0, 100]');
    expect(text).to.contain('100 − coverage = 2.67');
    expect(text).to.contain('0.5 × (100 − coverage) = 1.335');
    expect(text).to.contain('规则结果：8.665');
    expect(text).to.contain('修约：四舍五入保留 2 位小数，8.665 → 8.67');
    expect(text).to.contain('得分：8.67 分（失 1.33 分）');
  });

  it('when a proportion is 2/3, the explanation keeps the exact fraction with an approximation until it is rounded', () => {
    const text = explain('N3.1.1');
    expect(text).to.contain('分值 10 分，最高可得 12 分');
    expect(text).to.contain('10 × built ÷ planned = 20/3（≈6.6667）');
    expect(text).to.contain('修约：四舍五入保留 2 位小数，20/3（≈6.6667） → 6.67');
    expect(text).to.contain('得分：6.67 分');
  });

  it('when the examiner fills a field, the explanation says so; a set is shown with its members', () => {
    expect(explain('N3.2.2')).to.contain('考核组酌情扣分（discretionaryDeduction） = 1.5 分 ［考核组填写］，允许范围 [0.5, 3.5]');
    expect(explain('N1.1.2')).to.contain('方案包含的方面（aspects） = ["目标","任务"] ［单位填报］');
  });

  it('when the unit self-scored, the explanation gives the self-score beside the verified score', () => {
    expect(explain('N1.1.2')).to.contain('得分：2 分（失 3 分）；自评分 5 分');
  });

  it('when the examiner adjusted the score, the explanation shows the computed score, the adjustment and its justification', () => {
    const text = explain('N3.2.1');
    expect(text).to.contain('规则结果：0');
    expect(text).to.contain('考核组调整：0 → 0.5 分，理由：平台已在建设中（省考核组）');
    expect(text).to.contain('得分：0.5 分');
  });

  it('when evidence is missing, the explanation names the missing field and the 0 it scores', () => {
    const text = explain('N1.1.1');
    expect(text).to.contain('纳入规划情况（planLevel） = —（未填写） ［单位填报］');
    expect(text).to.contain('缺少证据：planLevel 未填写，本要点按 0 分计并标记为“缺证据”');
    expect(text).to.contain('得分：0 分（失 10 分）');
  });

  it('when the unit declared 不涉及, the explanation says what the rubric gives for it', () => {
    expect(explain('N3.1.2')).to.contain('单位申报“不涉及”，按考核细则得 5 分');
  });

  it('when the item is a bonus or a deduction item, the explanation says 加分 or 扣分', () => {
    expect(explain('NB1')).to.contain('加分：3 分');
    expect(explain('ND1')).to.contain('扣分：4 分');
  });
});

describe('explainItem: clamping to the floor and to the cap', () => {
  const r = rubric({}, [
    checkpoint({
      code: 'C1',
      title: '重点产品监督抽查覆盖率',
      points: 10,
      method: '覆盖率100%得满分，每低1个百分点扣0.5分，扣完为止。',
      fields: [field({ key: 'coverage', label: '监督抽查覆盖率', unit: '%' })],
      rule: { '-': [10, { '*': [0.5, { '-': [100, { var: 'coverage' }] }] }] },
    }),
    checkpoint({
      code: 'C2',
      title: '质量宣传教育活动',
      points: 1,
      method: '每开展一项得0.2分，最高1分。',
      fields: [field({ key: 'activities', label: '开展活动项数', type: 'integer', unit: '项' })],
      rule: { '*': [0.2, { var: 'activities' }] },
    }),
  ]);
  const e = parseEvidence(evidence({ C1: { values: { coverage: 70 } }, C2: { values: { activities: 7 } } }));

  it('when the rule gives −5, the explanation says the score is floored at 0 (扣完为止)', () => {
    const text = explain('C1', r, e);
    expect(text).to.contain('规则结果：-5');
    expect(text).to.contain('规则结果 -5 低于 0，按 0 计（扣完为止）');
    expect(text).to.contain('得分：0 分（失 10 分）');
  });

  it('when the rule gives 1.4 on a 1-point checkpoint, the explanation says it is held at the cap', () => {
    const text = explain('C2', r, e);
    expect(text).to.contain('0.2 × activities = 1.4');
    expect(text).to.contain('规则结果 1.4 高于上限，按 1 计');
    expect(text).to.contain('得分：1 分');
  });
});

function explainNationalVeto(e = LANZHOU): string {
  const unit = published(national, e).units[0];
  const [veto] = national.vetoes;
  const [result] = unit?.vetoes ?? [];
  if (!veto || !result) throw new Error('no veto');
  return explainVeto(veto, result, unit?.name);
}

describe('explainVeto', () => {
  it('when the veto applies, the explanation gives its basis, the finding and the forced result, with the score kept', () => {
    const text = explainNationalVeto();
    expect(text).to.contain('NV1 一票否决：发生区域性、系统性产品质量安全事件（兰州市）');
    expect(text).to.contain('依据：国办发〔2013〕47号');
    expect(text).to.contain('是否发生区域性、系统性产品质量安全事件（systemicIncident） = true ［考核组填写］');
    expect(text).to.contain('结论：触发一票否决，考核结果为“D”（得分照常计算）');
  });

  it('when no incident is recorded, the default applies and the explanation says the veto did not apply', () => {
    const text = explainNationalVeto(parseEvidence(evidence({}, { rubric: 'national-example' })));
    expect(text).to.contain('= false（未填写，按缺省值）');
    expect(text).to.contain('结论：未触发');
  });
});

describe('explanations come from the published trace alone', () => {
  it('when the run recorded its trace, every explanation reads the same as when the trace was recovered afterwards', () => {
    const recovered = published(national, LANZHOU, false).units[0]?.items ?? [];
    const recorded = published(national, LANZHOU, true).units[0]?.items ?? [];
    expect(recorded.length).to.equal(national.allItems.length);
    national.allItems.forEach((item, i) => {
      const [a, b] = [recovered[i], recorded[i]];
      if (!a || !b) throw new Error(`no result for ${item.code}`);
      expect(explainItem(item, b), item.code).to.equal(explainItem(item, a));
    });
  });
});
