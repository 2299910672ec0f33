import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { type ResultsV1, assess, assessPrepared, buildResults, contentHash, lintRubric, parseEvidence, parseRubric, prepareEvidence } from '../../src/core/index.js';
import { cmp } from '../../src/core/exact/index.js';
import { SIMPLIFIED_SEED, readActionPlan } from '../support/action-plan.js';
import { seedEvidenceDir, seedRubric } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';
import { type FieldJson, type ItemJson, checkpointsOf, findCheckpoint, readRubricJson, stringsIn } from '../support/rubric-json.js';
import type { EvidenceJson, UnitResult } from '../support/seeds.js';
import { taiwanWords, traditionalCharacters } from '../support/simplified.js';

const RUBRIC_FILE = fromRoot('rubrics', 'gansu-2015-1.1.0.json');
const EVIDENCE_DIR = fromRoot('seeds', 'evidence', '2015-1.1.0');
const GOLDEN_RESULTS = fromRoot('test', 'golden', 'gansu-2015', 'results.json');

const json = readRubricJson(RUBRIC_FILE);
const plan = readActionPlan();
const planText = readFileSync(SIMPLIFIED_SEED, 'utf8');
const cents = (points: number) => Math.round(points * 100);

const UNITS = ['620100', '620200', '620300', '620400', '620500', '620600', '620700', '620800', '620900', '621000', '621100', '621200', '622900', '623000'];

const evidenceFiles = () =>
  readdirSync(EVIDENCE_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort();
const evidenceJson = (): EvidenceJson[] => evidenceFiles().map((n) => JSON.parse(readFileSync(path.join(EVIDENCE_DIR, n), 'utf8')));

/** The 1.1.0 seeds assessed with the 1.1.0 rubric, after `edit` has changed the documents of the units it names. */
function assessSeeds(edit: Record<string, (evidence: EvidenceJson) => void> = {}): ResultsV1 {
  const rubric = parseRubric(JSON.parse(readFileSync(RUBRIC_FILE, 'utf8')));
  const documents = evidenceJson();
  for (const e of documents) edit[e.unit.code]?.(e);
  const evidences = documents.map((e) => parseEvidence(e));
  return buildResults(rubric, assess(rubric, evidences, { engineVersion: 'test', year: rubric.year }), evidences);
}

function unitOf(results: ResultsV1, code: string): UnitResult {
  const unit = results.units.find((u) => u.code === code);
  if (!unit) throw new Error(`no unit ${code} in the results`);
  return unit;
}

const itemScore = (unit: UnitResult, code: string) => unit.items.find((i) => i.code === code)?.score;

const FILING = { filedAt: '2015-03-10T10:00:00+08:00', approvedAt: '2015-03-31T16:00:00+08:00', approvedBy: '省考核组' };

/**
 * Scores one checkpoint for 620100 with the given values (the rest of its evidence as seeded) and, when
 * given, the approved filed targets of its target fields (field key → value; null: none filed).
 */
function scoreWith(code: string, values: Record<string, unknown>, targets?: Record<string, number | null>): number | undefined {
  const results = assessSeeds({
    '620100': (e) => {
      e.items[code] = { values };
      if (targets === undefined) return;
      const filed = Object.entries(targets).filter(([, value]) => value !== null);
      if (filed.length === 0) delete e.targets[code];
      else e.targets[code] = Object.fromEntries(filed.map(([key, value]) => [key, { value, ...FILING }]));
    },
  });
  return itemScore(unitOf(results, '620100'), code);
}

const allItems = (): ItemJson[] => [...checkpointsOf(json).map((c) => c.checkpoint), ...(json.bonus?.items ?? []), ...(json.deductions?.items ?? [])];
const fieldOf = (code: string, key: string): FieldJson | undefined => findCheckpoint(json, code).checkpoint.fields.find((f) => f.key === key);

describe('rubrics/gansu-2015-1.1.0.json', () => {
  it('is gansu-2015 version 1.1.0 for 2015, and lints clean', () => {
    expect([json.id, json.version, json.year]).to.deep.equal(['gansu-2015', '1.1.0', 2015]);
    const report = lintRubric(json);
    expect(report.problems).to.deep.equal([]);
    expect(report.rubric?.version).to.equal('1.1.0');
  });

  it('scores 1,000 generated units the same untraced (fixed-point) and traced (exact)', () => {
    const rubric = parseRubric(JSON.parse(readFileSync(RUBRIC_FILE, 'utf8')));
    // The generator writes every field into the values; a target field's value goes to the evidence's targets.
    const targetFields = checkpointsOf(json).flatMap(({ checkpoint }) => checkpoint.fields.filter((f) => f.filledBy === 'target').map((f) => [checkpoint.code, f.key] as const));
    const documents = generateEvidence(rubric, 1000, 11).map((e) => {
      const targets: Record<string, Record<string, unknown>> = {};
      for (const [item, key] of targetFields) {
        const values = e.items?.[item]?.values as Record<string, unknown> | undefined;
        if (!values || !(key in values)) continue;
        targets[item] = { ...targets[item], [key]: { value: values[key], ...FILING } };
        delete values[key];
      }
      return { ...e, targets } as typeof e;
    });
    const prepared = documents.map((e) => prepareEvidence(rubric, e));
    const fast = assessPrepared(rubric, prepared, { engineVersion: 'test' });
    const exact = assessPrepared(rubric, prepared, { engineVersion: 'test', trace: true });
    fast.units.forEach((placed, u) => {
      const other = exact.units[u];
      expect(other?.result.unit.code).to.equal(placed.result.unit.code);
      placed.result.steps.forEach((s, i) => expect(s, `unit ${placed.result.unit.code} item ${rubric.allItems[i]?.code}`).to.equal(other?.result.steps[i]));
      expect(cmp(placed.result.total, other?.result.total ?? NaN)).to.equal(0);
    });
  });

  describe('points', () => {
    it('totals exactly 100, a 质量目标 section of 30 first, then the four parts 一 to 四 of the plan', () => {
      expect(json.total).to.equal(100);
      expect(json.sections.reduce((sum, s) => sum + cents(s.points), 0)).to.equal(100 * 100);
      expect(json.sections[0]).to.include({ code: 'S0', title: '质量目标', points: 30 });
      expect(json.sections.slice(1).map((s) => s.title)).to.deep.equal(plan.parts.map((p) => p.title));
    });

    it('gives each section exactly its points in checkpoints', () => {
      for (const section of json.sections) {
        const sum = section.indicators.flatMap((i) => i.checkpoints).reduce((s, c) => s + cents(c.points), 0);
        expect(sum, section.title).to.equal(cents(section.points));
      }
    });

    it('keeps the bonus cap of 3 and the deduction cap of 10 of 1.0.0', () => {
      expect(json.bonus?.cap).to.equal(3);
      expect(json.deductions?.cap).to.equal(10);
      expect(json.bonus?.items.map((i) => i.code)).to.deep.equal(['GB1', 'GB2', 'GB3', 'GB4', 'GB5']);
      expect(json.deductions?.items.map((i) => i.code)).to.deep.equal(['GD1', 'GD2', 'GD3']);
    });
  });

  describe('the 质量目标 section, scored against targets', () => {
    const targets: [string, string, string][] = [
      ['Q01.1', '产品质量监督抽查合格率', '95%'],
      ['Q01.2', '制造业产品质量合格率', '达到90%及以上'],
      ['Q02.1', '主要农产品质量安全监测合格率', '96%'],
      ['Q03.1', '工程竣工验收合格率', '100%'],
      ['Q03.2', '一次验收合格率', '100%'],
      ['Q04.1', '优良天数比例', '备案目标'],
    ];

    it('holds the quality outcomes, each naming its target and deducting per percentage point short', () => {
      const section = json.sections[0];
      const codes = section?.indicators.flatMap((i) => i.checkpoints.map((c) => c.code));
      expect(codes).to.deep.equal(targets.map(([code]) => code));
      for (const [code, title, target] of targets) {
        const { checkpoint } = findCheckpoint(json, code);
        expect(checkpoint.title, code).to.include(title);
        expect(checkpoint.method, code).to.include(target);
        expect(checkpoint.method, code).to.match(/每(低|差)1个百分点扣[0-9.]+分/);
        expect(checkpoint.method, code).to.include('扣完为止');
        expect(checkpoint.key, code).to.equal(true);
      }
    });

    it('scores 产品质量监督抽查合格率 from 95%: full at 95 and above, 0.5 off per point below, floored at 0', () => {
      expect(scoreWith('Q01.1', { spotCheckPassRate: 96.4 })).to.equal(7);
      expect(scoreWith('Q01.1', { spotCheckPassRate: 95 })).to.equal(7);
      expect(scoreWith('Q01.1', { spotCheckPassRate: 93.6 })).to.equal(6.3);
      expect(scoreWith('Q01.1', { spotCheckPassRate: 70 })).to.equal(0);
    });

    it('says where 制造业产品质量合格率\'s 90% comes from, the plan giving no target: the 纲要\'s 2015 goal for product pass rates', () => {
      const { method } = findCheckpoint(json, 'Q01.2').checkpoint;
      expect(method).to.include('90%为《质量发展纲要（2011—2020年）》2015年目标“产品质量国家监督抽查合格率稳定在90%以上”');
      expect(method).not.to.include('全省目标');
      expect(scoreWith('Q01.2', { manufacturingPassRate: 90 })).to.equal(5);
      expect(scoreWith('Q01.2', { manufacturingPassRate: 87.5 })).to.equal(2.5);
    });

    it('scores 工程竣工验收合格率 against 100%', () => {
      expect(scoreWith('Q03.1', { completionPassRate: 100 })).to.equal(3);
      expect(scoreWith('Q03.1', { completionPassRate: 98.6 })).to.equal(1.6);
    });

    it('scores 优良天数比例 against the unit\'s approved filed target (目标备案), 1 point off per point short', () => {
      expect(fieldOf('Q04.1', 'goodAirDaysTarget')).to.include({ label: '优良天数比例目标（已备案）', filledBy: 'target' });
      expect(scoreWith('Q04.1', { goodAirDays: 83.2 }, { goodAirDaysTarget: 80 })).to.equal(6);
      expect(scoreWith('Q04.1', { goodAirDays: 80 }, { goodAirDaysTarget: 80 })).to.equal(6);
      expect(scoreWith('Q04.1', { goodAirDays: 78.5 }, { goodAirDaysTarget: 80 })).to.equal(4.5);
      expect(scoreWith('Q04.1', { goodAirDays: 80 }, { goodAirDaysTarget: 92 })).to.equal(0);
    });

    it('reads the target only from the filing: without an approved one Q04.1 is missing, and one written into the values is refused', () => {
      const results = assessSeeds({ '620100': (e) => delete e.targets['Q04.1'] });
      expect(unitOf(results, '620100').missingItems).to.deep.equal(['Q04.1']);
      expect(findCheckpoint(json, 'Q04.1').checkpoint.method).to.include('未经核准备案目标的，本项按缺少证据计，不得分');
      expect(() => assessSeeds({ '620100': (e) => (e.items['Q04.1'].values.goodAirDaysTarget = 70) })).to.throw(/目标值须经目标备案/);
    });
  });

  describe('the plan\'s demands 1.0.0 did not score', () => {
    // [words of the plan, words of the rubric that score them, the task (undefined: the closing paragraph)]
    const demands: [string, string, number | undefined][] = [
      ['制定具体工作方案', '具体工作方案', undefined],
      ['逐级落实责任', '逐级落实责任', undefined],
      ['重大设备监理', '重大设备监理', 11],
      ['强化对持证制造企业的监督抽查', '持证制造企业', 11],
      ['完善学校食品安全相关制度措施', '学校食品安全', 6],
      ['风险评估和溯源管理', '溯源管理', 6],
      ['监测预警与应急处置', '应急处置', 6],
      ['省、市、县三级政府质量奖', '县级政府质量奖', 2],
      ['质量纠纷行政民事调解和公益诉讼', '公益诉讼', 19],
      ['质量纠纷行政民事调解', '质量纠纷行政民事调解', 19],
      ['白皮书', '白皮书', 21],
      ['探索创新第三方社会评价方式', '第三方社会评价', 24],
    ];
    for (const [planWords, rubricWords, task] of demands) {
      it(`scores “${planWords}”${task ? ` (task ${task})` : ' (the closing paragraph)'}`, () => {
        expect(planText, 'the plan says it').to.include(planWords);
        const scoring = checkpointsOf(json)
          .map((c) => c.checkpoint)
          .filter((c) => `${c.title}${c.method}`.includes(rubricWords) && cents(c.points) > 0);
        expect(scoring, rubricWords).to.not.be.empty;
        if (task !== undefined) expect(scoring.some((c) => c.task === task), `${rubricWords} cites task ${task}`).to.equal(true);
      });
    }

    it('places the closing paragraph\'s demands in an indicator of their own, citing no task', () => {
      const indicator = json.sections.flatMap((s) => s.indicators).find((i) => i.code === 'G25');
      expect(indicator?.title).to.equal('制定具体工作方案，逐级落实责任');
      for (const c of indicator?.checkpoints ?? []) expect(c.task, c.code).to.equal(undefined);
    });

    it('still turns every one of the 24 tasks into at least one checkpoint, under the task\'s own part', () => {
      const checkpoints = checkpointsOf(json).filter((c) => c.section !== 'S0');
      for (const task of plan.tasks) {
        const citing = checkpoints.filter((c) => c.checkpoint.task === task.number);
        expect(citing, `task ${task.number}`).to.not.be.empty;
        for (const { checkpoint, section } of citing) expect(section, checkpoint.code).to.equal(json.sections[task.part]?.code);
      }
    });

    it('cites lead and cooperating departments that the task\'s parenthesis names in those roles', () => {
      const tasks = new Map(plan.tasks.map((t) => [t.number, t]));
      for (const { checkpoint } of checkpointsOf(json)) {
        expect(checkpoint.lead, checkpoint.code).to.not.be.empty;
        if (checkpoint.task === undefined) continue;
        const task = tasks.get(checkpoint.task);
        for (const d of checkpoint.lead) expect(task?.lead, `${checkpoint.code} lead`).to.include(d);
        for (const d of checkpoint.cooperate ?? []) expect(task?.cooperate, `${checkpoint.code} cooperate`).to.include(d);
      }
    });
  });

  describe('fields', () => {
    it('makes the named activities of G03.2 and G06.2 sets of those activities, not counts', () => {
      expect(fieldOf('G03.2', 'integrityActivities')).to.include({ type: 'set' });
      expect(fieldOf('G03.2', 'integrityActivities')?.values).to.deep.equal(['诚信市场创建', '旅游诚信建设工程', '医疗卫生市场诚信体系建设', '进出口企业信用管理']);
      expect(fieldOf('G06.2', 'foodDrugCampaignAreas')).to.include({ type: 'set' });
      expect(fieldOf('G06.2', 'foodDrugCampaignAreas')?.values).to.have.length(8);
      for (const code of ['G03.2', 'G06.2']) {
        expect(findCheckpoint(json, code).checkpoint.fields.filter((f) => f.type === 'integer'), code).to.deep.equal([]);
      }
    });

    it('gives G10.3 a field for each half of its two two-part demands', () => {
      const fields = findCheckpoint(json, 'G10.3').checkpoint.fields;
      expect(fields.map((f) => [f.key, f.type])).to.deep.equal([
        ['commonDefectsCampaign', 'boolean'],
        ['materialsInspection', 'boolean'],
        ['safeSites', 'boolean'],
        ['constructionRiskAssessment', 'boolean'],
      ]);
      expect(scoreWith('G10.3', { commonDefectsCampaign: true, materialsInspection: false, safeSites: true, constructionRiskAssessment: false })).to.equal(0.5);
    });

    it('asks G13.2’s satisfaction score only when a survey was held, and then a unit that leaves it out is missing it', () => {
      expect(fieldOf('G13.2', 'publicServiceSatisfaction')).to.deep.include({ requiredWhen: { publicServiceSurvey: true } });
      const left = unitOf(
        assessSeeds({
          '620100': (e) => {
            e.items['G13.2'] = { values: { publicServiceSurvey: true } };
          },
        }),
        '620100',
      );
      expect(left.items.find((i) => i.code === 'G13.2')).to.deep.include({ score: 0, status: 'missing', missingFields: ['publicServiceSatisfaction'] });
      expect(itemScore(unitOf(assessSeeds(), '620300'), 'G13.2')).to.equal(0);
    });
  });

  it('says in the rubric what this version changed (修订说明), newest first, in Chinese', () => {
    const changelog = (json as { changelog?: { version: string; changes: string[] }[] }).changelog ?? [];
    expect(changelog[0]?.version).to.equal('1.1.0');
    const text = changelog[0]?.changes.join('\n') ?? '';
    for (const words of ['质量目标', '目标备案', '《甘肃省质量工作考核办法》', '60分以下（不含60分）为不合格']) expect(text).to.include(words);
    // The outcome targets are not all the province's: 90% is the 纲要's, and no 省定 target is claimed.
    expect(text).to.include('制造业产品质量合格率（90%，即《质量发展纲要（2011—2020年）》2015年产品质量国家监督抽查合格率目标，省未另定）');
    expect(text).not.to.include('省定目标');
  });

  describe('methods written as 评分标准', () => {
    it('starts every method (checkpoints, bonus, deductions, veto) with how it is checked', () => {
      const methods = [...allItems().map((i) => [i.code, i.method]), ...(json.vetoes ?? []).map((v) => [v.code, v.method])];
      for (const [code, method] of methods) expect(method, code).to.match(/^(查阅文件资料|实地检查|抽查)/);
    });

    it('scores no checkpoint as points × actual / target', () => {
      for (const item of allItems()) expect(item.method, item.code).to.not.match(/×|\/目标|\/计划/);
    });

    it('writes the shortfall patterns as 完成得满分，每少1个扣x分，扣完为止', () => {
      for (const code of ['G05.1', 'G12.1', 'G15.1', 'G11.5']) {
        expect(findCheckpoint(json, code).checkpoint.method, code).to.match(/每少(抽查)?1(家|个|项)扣[0-9.]+分，扣完为止/);
      }
    });

    it('says what is scored when the province set no target, instead of scoring 0', () => {
      expect(fieldOf('G05.1', 'cqoTarget')).to.include({ filledBy: 'target', required: false });
      expect(findCheckpoint(json, 'G05.1').checkpoint.method).to.include('未经核准备案目标（或备案目标为0）的');
      expect(scoreWith('G05.1', { cqoEnterprises: 2 }, { cqoTarget: null })).to.equal(0.5);
      expect(scoreWith('G05.1', { cqoEnterprises: 2 }, { cqoTarget: 0 })).to.equal(0.5);
      expect(scoreWith('G05.1', { cqoEnterprises: 0 }, { cqoTarget: null })).to.equal(0);
      expect(scoreWith('G05.1', { cqoEnterprises: 3 }, { cqoTarget: 5 })).to.equal(0.6);
      expect(findCheckpoint(json, 'G12.1').checkpoint.method).to.include('省未向本市州分解下达目标（没有经核准的备案目标，或目标数为0）的');
      expect(scoreWith('G12.1', { newPlatforms: 2 }, { platformTarget: null })).to.equal(1.75);
      expect(scoreWith('G12.1', { newPlatforms: 2 }, { platformTarget: 0 })).to.equal(1.75);
      expect(scoreWith('G12.1', { newPlatforms: 0 }, { platformTarget: null })).to.equal(0);
      expect(scoreWith('G12.1', { newPlatforms: 1 }, { platformTarget: 3 })).to.equal(0.5);
      expect(scoreWith('G12.1', { newPlatforms: 3 }, { platformTarget: 3 })).to.equal(1.5);
      expect(scoreWith('G12.1', { newPlatforms: 6 }, { platformTarget: 2 })).to.equal(2);
      expect(findCheckpoint(json, 'G15.1').checkpoint.method).to.include('未下达年度建标计划（没有经核准的备案计划，或计划数为0）的');
      expect(scoreWith('G15.1', { measurementStandardsBuilt: 1 }, { measurementStandardsPlanned: null })).to.equal(1.5);
      expect(scoreWith('G15.1', { measurementStandardsBuilt: 0 }, { measurementStandardsPlanned: 0 })).to.equal(0.75);
      expect(scoreWith('G15.1', { measurementStandardsBuilt: 3 }, { measurementStandardsPlanned: 5 })).to.equal(0.5);
      expect(findCheckpoint(json, 'G11.5').checkpoint.method).to.include('省未下达抽查任务（没有经核准的备案任务，或任务数为0）的');
      expect(scoreWith('G11.5', { makersChecked: 1 }, { makerCheckTask: null })).to.equal(0.8);
      expect(scoreWith('G11.5', { makersChecked: 0 }, { makerCheckTask: 0 })).to.equal(0);
      expect(scoreWith('G11.5', { makersChecked: 8 }, { makerCheckTask: 10 })).to.equal(0.4);
    });

    it('reads the targets the province allocates to each city (G12.1, G11.5, G15.1) from 目标备案, like Q04.1 and G05.1', () => {
      const allocated: [string, string, string][] = [
        ['G12.1', 'platformTarget', '省下达本市州的新建创新平台目标数（已备案）'],
        ['G11.5', 'makerCheckTask', '省下达的持证制造企业监督抽查任务（已备案）'],
        ['G15.1', 'measurementStandardsPlanned', '年度建标计划数（已备案）'],
      ];
      for (const [code, key, label] of allocated) {
        expect(fieldOf(code, key), code).to.include({ label, filledBy: 'target', required: false });
        expect(findCheckpoint(json, code).checkpoint.method, code).to.include('通过目标备案填报省下达数、经省考核组核准，评分时直接读取核准值，不在证据中填写');
        expect(() => assessSeeds({ '620100': (e) => (e.items[code].values[key] = 1) }), code).to.throw(/目标值须经目标备案/);
      }
      const lanzhou = unitOf(assessSeeds(), '620100').items.find((i) => i.code === 'G12.1');
      expect(lanzhou?.trace.find((t) => t.kind === 'read' && t.field === 'platformTarget')).to.include({ source: 'target', value: 5 });
    });

    it('scores units without counties (嘉峪关市) on their towns wherever a method speaks of 市县', () => {
      for (const code of ['G02.2', 'G24.1', 'G25.2']) {
        const { checkpoint } = findCheckpoint(json, code);
        expect(checkpoint.method, code).to.include('嘉峪关市');
        expect(checkpoint.method, code).to.include('镇');
      }
    });

    it('allows 不涉及 only on the checkpoints that can be inapplicable, and the parts of G11.3 inside its fields', () => {
      const na = checkpointsOf(json)
        .filter((c) => c.checkpoint.notApplicable)
        .map((c) => [c.checkpoint.code, c.checkpoint.notApplicable?.score]);
      expect(na).to.deep.equal([
        ['G02.3', 'full'],
        ['G08.2', 'full'],
        ['G11.5', 'full'],
        ['G11.6', 'full'],
      ]);
      expect(findCheckpoint(json, 'G02.3').checkpoint.notApplicable?.when).to.equal('不设县（市、区）的市');
      // 电子商务产品质量监管 and 电梯、客运索道安全责任保险 apply everywhere: checkpoints of their own, never 不涉及
      for (const code of ['G08.3', 'G11.4']) expect(findCheckpoint(json, code).checkpoint.notApplicable, code).to.equal(undefined);
      expect(scoreWith('G11.3', { ropewayStandardization: '辖区内无客运索道（不涉及）', amusementInspection: '未全部开展' })).to.equal(0.3);
    });
  });

  describe('the result, the veto and the bottom three, in the words of the Gansu method', () => {
    it('bases the veto on 《甘肃省质量工作考核办法》', () => {
      expect(json.vetoes?.map((v) => [v.code, v.basis, v.result])).to.deep.equal([['GV1', '《甘肃省质量工作考核办法》', '不合格']]);
      expect(json.basis).to.include('《甘肃省质量工作考核办法》');
    });

    it('says exactly how the 60-point boundary reads', () => {
      expect(json.result.grades.map((g) => [g.grade, g.min, g.label, g.text])).to.deep.equal([
        ['合格', 60, '合格', '总分60分及以上为合格'],
        ['不合格', undefined, '不合格', '总分60分以下（不含60分），或被一票否决的，为不合格'],
      ]);
    });

    it('has the 不合格 consequence and the bottom-three obligation as the method words them', () => {
      expect(json.result.grades[1]?.consequence).to.equal('省政府领导对市州政府负责同志进行约谈');
      const flag = json.flags?.find((f) => f.code === 'BOTTOM3');
      expect(flag).to.include({ kind: 'bottom', count: 3, label: '后三位' });
      expect(flag?.obligation).to.equal('通报后一个月内向省政府作出书面报告，提出限期整改的工作措施');
    });
  });

  describe('is written in Simplified Chinese', () => {
    it('uses no Traditional character and none of the Taiwan words', () => {
      const found = stringsIn(json).filter((s) => traditionalCharacters(s.text).length > 0 || taiwanWords(s.text).length > 0);
      expect(found).to.deep.equal([]);
    });

    it('uses full-width punctuation in what users read', () => {
      const texts = allItems().flatMap((i) => [i.title, i.method, ...i.fields.map((f) => f.label)]);
      for (const text of texts) expect(text, text).to.not.match(/[,;:()]/);
    });
  });

  describe('its seeds (seeds/evidence/2015-1.1.0)', () => {
    let results: ResultsV1;
    before(() => {
      results = assessSeeds();
    });

    it('hold one evidence file per unit, written for gansu-2015 and 2015, in Simplified Chinese', () => {
      expect(evidenceFiles()).to.deep.equal(UNITS.map((c) => `${c}.json`));
      for (const e of evidenceJson()) {
        expect([e.rubric, e.year], e.unit.code).to.deep.equal(['gansu-2015', 2015]);
        const wrong = stringsIn(e).filter((s) => traditionalCharacters(s.text).length > 0 || taiwanWords(s.text).length > 0);
        expect(wrong, e.unit.code).to.deep.equal([]);
      }
    });

    it('assess without problems: all 14 units ranked, missing evidence reported, not an error', () => {
      expect(results.units.map((u) => u.code).sort()).to.deep.equal(UNITS);
      expect(results.rubric.version).to.equal('1.1.0');
      const missing = results.units.filter((u) => u.missingItems.length > 0).map((u) => [u.code, u.missingItems]);
      expect(missing).to.deep.equal([
        ['623000', ['G22.1']],
        ['622900', ['G20.2']],
      ]);
    });

    it('spread the totals so that the ranking tells every unit apart', () => {
      const totals = results.units.map((u) => cents(u.total));
      expect(new Set(totals).size).to.equal(14);
      expect(Math.max(...totals) - Math.min(...totals)).to.be.greaterThan(30 * 100);
      expect(results.units.map((u) => u.rank)).to.deep.equal(UNITS.map((_, i) => i + 1));
    });

    it('exercise the veto, the bottom three, self-scores that differ, adjustments and 不涉及', () => {
      const baiyin = unitOf(results, '620400');
      expect([baiyin.vetoed, baiyin.grade, baiyin.scoreGrade]).to.deep.equal([true, '不合格', '合格']);
      expect(results.summary.flags.find((f) => f.code === 'BOTTOM3')?.units).to.deep.equal(results.units.slice(-3).map((u) => u.code));
      expect(results.units.filter((u) => u.selfTotal !== undefined && cents(u.selfTotal) !== cents(u.total))).to.have.length.greaterThan(10);
      const items = results.units.flatMap((u) => u.items);
      expect(items.filter((i) => i.adjustment)).to.have.length.at.least(3);
      expect(items.filter((i) => i.status === 'not_applicable')).to.have.length.at.least(5);
      expect(itemScore(unitOf(results, '620200'), 'G02.3')).to.equal(1);
    });

    it('carry every unit\'s approved filed targets with when they were filed and approved, and by whom: all five, save those the province did not allocate', () => {
      // 陇南市 was given no 抽查任务, 临夏州 no platform target, 甘南州 no 建标计划 (and has no licensed manufacturers: G11.5 不涉及).
      const notAllocated: Record<string, string[]> = { '621200': ['G11.5'], '622900': ['G12.1'], '623000': ['G11.5', 'G15.1'] };
      for (const e of evidenceJson()) {
        const expected = ['G05.1', 'G11.5', 'G12.1', 'G15.1', 'Q04.1'].filter((c) => !(notAllocated[e.unit.code] ?? []).includes(c));
        expect(Object.keys(e.targets ?? {}).sort(), e.unit.code).to.deep.equal(expected);
        for (const [item, fields] of Object.entries(e.targets as Record<string, Record<string, { value: number }>>)) {
          for (const [key, target] of Object.entries(fields)) {
            expect(target, `${e.unit.code} ${item} ${key}`).to.have.keys('value', 'filedAt', 'approvedAt', 'approvedBy');
            expect(e.items[item].values, `${e.unit.code} ${item}`).to.not.have.property(key);
          }
        }
      }
      const lanzhou = unitOf(results, '620100').items.find((i) => i.code === 'Q04.1');
      expect(lanzhou?.trace.find((t) => t.kind === 'read' && t.field === 'goodAirDaysTarget')).to.include({ source: 'target', value: 72 });
    });

    it('hold plausible values: 工程竣工验收合格率 mostly 100%, no 中国质量奖 for 兰州市, 食物中毒 not 食品中毒', () => {
      const documents = evidenceJson();
      const completion = documents.map((e) => e.items['Q03.1']?.values?.completionPassRate);
      expect(completion.filter((v) => v === 100).length).to.be.at.least(10);
      expect(documents.find((e) => e.unit.code === '620100')?.items.GB1).to.equal(undefined);
      for (const e of documents) expect(JSON.stringify(e), e.unit.code).to.not.include('食品中毒');
    });

    it('keep the values of 1.0.0\'s seeds where the field is the same', () => {
      const old = new Map(
        readdirSync(seedEvidenceDir)
          .filter((n) => n.endsWith('.json'))
          .map((n) => {
            const e = JSON.parse(readFileSync(path.join(seedEvidenceDir, n), 'utf8'));
            return [e.unit.code as string, e];
          }),
      );
      for (const e of evidenceJson()) {
        const before = old.get(e.unit.code);
        expect(e.items['Q01.1'].values.spotCheckPassRate, e.unit.code).to.equal(before.items['G07.1'].values.spotCheckPassRate);
        expect(e.items['Q04.1'].values.goodAirDays, e.unit.code).to.equal(before.items['G09.1'].values.goodAirDays);
        for (const code of ['G01.1', 'G05.2', 'G10.1', 'G20.1']) expect(e.items[code].values, `${e.unit.code} ${code}`).to.deep.equal(before.items[code].values);
      }
    });
  });

  describe('leaves 1.0.0 as published', () => {
    it('rubrics/gansu-2015.json still has the content hash the golden results pin', () => {
      const golden = JSON.parse(readFileSync(GOLDEN_RESULTS, 'utf8'));
      const published = JSON.parse(readFileSync(seedRubric, 'utf8'));
      expect(published.version).to.equal('1.0.0');
      expect(contentHash(published)).to.equal(golden.rubric.hash);
      expect(contentHash(json)).to.not.equal(golden.rubric.hash);
    });

    it('seeds/evidence/2015 still has the evidence hashes the golden results pin', () => {
      const golden = JSON.parse(readFileSync(GOLDEN_RESULTS, 'utf8'));
      for (const unit of golden.units) {
        const evidence = JSON.parse(readFileSync(path.join(seedEvidenceDir, `${unit.code}.json`), 'utf8'));
        expect(contentHash(parseEvidence(evidence)), unit.code).to.equal(unit.evidenceHash);
      }
    });
  });
});
