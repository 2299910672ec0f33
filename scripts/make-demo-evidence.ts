/**
 * Writes the demo evidence for 2015: one file per Gansu unit (市州) at
 * seeds/evidence/2015/<unitCode>.json, answering rubrics/gansu-2015.json.
 *
 * The data is invented for demonstration and testing; it is not any unit's real
 * assessment. It is meant to exercise every pattern the engine handles: varied
 * performance, missing evidence, an exact tie, a bonus over its cap, one veto,
 * deductions, 不涉及, examiner judgements, findings and adjustments, optimistic
 * self-scores, and values that go wrong in floating point (97.3, 99.5, 0.1 steps,
 * x.xx5 results).
 *
 * Where the patterns are (verified totals with the rubric as of this writing):
 *   - bonus over its cap: 兰州 claims 3.75 (GB1, GB2, GB4, GB5), counted 3
 *   - exact tie: 张掖 and 平凉, 73.69 each, from different evidence (summed in
 *     doubles item by item, 平凉 comes to 73.69000000000001)
 *   - 合格 on the line: 陇南 totals exactly 60 (59.99999999999999 in doubles)
 *   - veto: 白银 (GV1, with a finding); its score stays as computed, above 60
 *   - deductions: 白银 (GD1, GD2), 天水 and 庆阳 and 定西 and 陇南 (GD2),
 *     临夏 (GD1 and GD3 迟报)
 *   - missing evidence: 临夏 (G12.1 target, G20.2), 甘南 (G15.1 plan, G22.1 absent)
 *   - 不涉及: G08.2 for 嘉峪关, 金昌, 临夏, 甘南; G11.3 for 金昌, 武威, 定西
 *   - adjustments: 酒泉 G12.1 (down), 武威 G03.2 (down), 陇南 G11.2 (up)
 *   - x.xx5 item scores: 兰州 G13.2 (1.185), 张掖 G13.2 (1.015), 酒泉 G05.1 (1.125)
 *
 * Deterministic: everything comes from the tables below (no randomness, no clock),
 * keys are written in a fixed order, and re-running it rewrites identical files.
 *
 *   npx tsx scripts/make-demo-evidence.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jsonLogic from 'json-logic-js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUBRIC_FILE = path.join(ROOT, 'rubrics/gansu-2015.json');
const UNITS_FILE = path.join(ROOT, 'seeds/units.json');
const OUT_DIR = path.join(ROOT, 'seeds/evidence/2015');

// ---------------------------------------------------------------------------
// The rubric, read as plain JSON (only what the generator needs).

type Value = number | boolean | string | string[];

interface RawField {
  key: string;
  type: 'number' | 'integer' | 'boolean' | 'enum' | 'set';
  values?: string[];
  default?: Value;
  required?: boolean;
  filledBy?: 'unit' | 'examiner';
}
interface RawItem {
  code: string;
  points: number;
  cap?: number;
  fields: RawField[];
  rule: unknown;
  notApplicable?: { score: number | 'full' };
}
interface RawRubric {
  sections: { indicators: { checkpoints: RawItem[] }[] }[];
  bonus: { cap: number; items: RawItem[] };
  deductions: { items: RawItem[] };
  vetoes: RawItem[];
}

const rubric = JSON.parse(readFileSync(RUBRIC_FILE, 'utf8')) as RawRubric;
const checkpoints = rubric.sections.flatMap((s) => s.indicators.flatMap((i) => i.checkpoints));
const bonusItems = rubric.bonus.items;
const deductionItems = rubric.deductions.items;
const allItems: RawItem[] = [...checkpoints, ...bonusItems, ...deductionItems, ...rubric.vetoes];
const itemByCode = new Map(allItems.map((i) => [i.code, i]));

// ---------------------------------------------------------------------------
// The units, in the column order of the table below.

const U = ['兰州', '嘉峪关', '金昌', '白银', '天水', '武威', '张掖', '平凉', '酒泉', '庆阳', '定西', '陇南', '临夏', '甘南'] as const;
type UnitShort = (typeof U)[number];

const unitsSeed = JSON.parse(readFileSync(UNITS_FILE, 'utf8')) as { units: { code: string; name: string }[] };
const units = unitsSeed.units.map((u, i) => {
  const short = U[i];
  if (short === undefined || !u.name.startsWith(short)) throw new Error(`seeds/units.json: unit ${i} is ${u.name}, expected ${short}`);
  return { ...u, short };
});
if (units.length !== U.length) throw new Error(`seeds/units.json lists ${units.length} units, expected ${U.length}`);

// ---------------------------------------------------------------------------
// The values, one row per field, one column per unit (order of U).
//   boolean: 1 = true, 0 = false
//   enum:    index into the field's values (0 = the best)
//   set:     n = the first n of the field's values, or the values themselves
//   number:  the value itself
//   null:    not provided (a required field left out is missing evidence)
// Bonus, deduction and veto fields are written only when they differ from the
// default; a checkpoint declared 不涉及 (see UNIT_EXTRAS) ignores its column.

type Cell = number | string[] | null;
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/** Complaint hotlines without 12312 (商务), and without 12301 (旅游) as well. */
const H12312 = ['12301', '12315', '12316', '12365', '12369'];
const L4 = ['12315', '12316', '12365', '12369'];

const TABLE: Record<string, Record<string, Row>> = {
  //                               兰州    嘉峪关   金昌    白银    天水    武威    张掖    平凉    酒泉    庆阳    定西    陇南    临夏    甘南
  'G01.1': {
    approvalReview: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    lists: [3, 2, 2, 2, 3, 2, 2, 2, 3, 2, 2, 2, 2, 2],
  },
  'G01.2': {
    enforcementCooperation: [1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1],
  },
  'G02.1': {
    qualityAward: [0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1],
  },
  'G02.2': {
    excellenceEnterprises: [12, 6, 5, 3, 8, 3, 4, 4, 7, 6, 2, 2, 1, 1],
    strongCity: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
  },
  'G03.1': {
    creditArchive: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    creditAspects: [3, 3, 3, 2, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2],
  },
  'G03.2': {
    integrityCampaigns: [4, 3, 3, 2, 3, 4, 3, 3, 4, 3, 2, 2, 3, 2],
  },
  'G04.1': {
    antiCounterfeitCampaign: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    caseClosureRate: [89.5, 100, 92.3, 87.6, 91.8, 90, 93.1, 89.4, 95.7, 90.6, 85.2, 82.4, 80.6, 81.3],
  },
  'G04.2': {
    adMonitoring: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    uninvestigatedAds: [null, null, null, 1, null, null, null, null, null, null, null, null, 1, 1],
    tourismSupervision: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  'G05.1': {
    cqoEnterprises: [10, 5, 4, 4, 6, 3, 4, 4, 6, 6, 2, 2, 2, 1],
    cqoTarget: [12, 6, 6, 8, 10, 7, 7, 6, 8, 9, 6, 5, 5, 4],
  },
  'G05.2': {
    lifetimeResponsibility: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    lifetimeParties: [5, 5, 5, 4, 5, 4, 4, ['建设', '设计', '施工', '监理'], 5, 5, 4, 4, 3, 3],
  },
  'G05.3': {
    responsibilitySystems: [4, 4, 4, 3, 5, 3, 4, 3, 4, 4, 4, 3, 2, 3],
  },
  'G06.1': {
    newCertifiedProducts: [6, 3, 5, 7, 12, 8, 9, 8, 9, 11, 8, 7, 5, 9],
  },
  'G06.2': {
    jointMechanism: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    foodDrugCampaigns: [6, 4, 4, 3, 5, 3, 4, 3, 5, 4, 3, 3, 2, 2],
  },
  'G06.3': {
    samplingCompletion: [99.7, 100, 99.5, 98.2, 99.7, 97.3, 99, 97.5, 100, 99.4, 98.5, 97.7, 97.4, 95.2],
  },
  'G07.1': {
    spotCheckPassRate: [93.6, 95.2, 92.8, 88.7, 91.4, 89.6, 90.3, 90, 94.1, 91.9, 90.4, 86.5, 85.1, 86.1],
  },
  'G07.2': {
    productCampaigns: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2],
    consumerGoodsChecked: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    injuryMonitoring: [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
  },
  'G08.1': {
    emergingJudgement: [1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1],
  },
  'G08.2': {
    ecommerceCityWork: [1, null, null, 1, 1, 1, 1, 1, 1, 1, 1, 1, null, null],
    ecommerceQualityModel: [1, null, null, 0, 1, 0, 0, 0, 0, 0, 0, 1, null, null],
  },
  'G09.1': {
    goodAirDays: [70.7, 74.2, 77.8, 72.9, 83.6, 80.5, 84.7, 79.4, 82.2, 86, 81.4, 91, 76.4, 95.3],
  },
  'G09.2': {
    energyIntensiveControl: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    energyMetering: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    boilerUpgrade: [1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0],
    environmentalCredit: [0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0],
  },
  'G10.1': {
    supervisionCoverage: [99.6, 100, 100, 99.2, 100, 99.5, 99.8, 99.6, 100, 99.8, 99, 97.3, 99.1, 98.8],
  },
  'G10.2': {
    firstAcceptanceRate: [99.4, 99.3, 99.1, 98.4, 99.5, 98, 98.9, 99.2, 99.3, 98.6, 98.2, 98.0, 98.1, 98.0],
  },
  'G10.3': {
    commonDefectsCampaign: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    safeSites: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  'G11.1': {
    dualDuty: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    crowdedInspectionRate: [99.2, 100, 100, 98.5, 99.6, 98.9, 99.4, 99, 100, 99.3, 98.6, 96.3, 97.2, 97.5],
  },
  'G11.2': {
    hazardSupervision: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    elevatorPlatform: [1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0],
    craneMonitoring: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  'G11.3': {
    ropewayStandardization: [1, 1, null, 0, 1, null, 1, 1, 1, 0, null, 1, 1, 0],
    liabilityInsurance: [0, 1, null, 1, 0, null, 0, 0, 0, 1, null, 0, 0, 1],
    amusementInspection: [1, 0, null, 1, 1, null, 1, 1, 1, 1, null, 1, 1, 1],
  },
  'G12.1': {
    newPlatforms: [6, 1, 1, 1, 1, 1, 1, 0, 3, 1, 0, 0, 0, 0],
    platformTarget: [5, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 1, null, 1],
  },
  'G12.2': {
    newProducts: [8, 5, 5, 5, 8, 3, 4, 4, 7, 6, 4, 1, 3, 2],
  },
  'G13.1': {
    servicePolicy: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  'G13.2': {
    publicServiceSurvey: [1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0],
    publicServiceSatisfaction: [83.7, 86.2, null, 78.6, 82.4, null, 80.3, 79.9, null, null, null, null, null, null],
  },
  'G13.3': {
    serviceEvaluations: [3, 2, 1, 1, 2, 1, 2, 3, 2, 2, 1, 1, 2, ['游客满意度测评', '服务质量统计监测']],
  },
  'G14.1': {
    standardizationMechanism: [0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1],
  },
  'G14.2': {
    standardsWork: [6, 3, 3, 2, 2, 2, 2, 3, 2, 3, 1, 1, 2, 1],
  },
  'G14.3': {
    energyStandardAssessed: [1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
  },
  'G15.1': {
    measurementStandardsBuilt: [7, 3, 3, 2, 5, 2, 3, 5, 5, 4, 2, 2, 1, 1],
    measurementStandardsPlanned: [8, 4, 4, 5, 6, 3, 5, 6, 6, 6, 4, 3, 3, null],
  },
  'G15.2': {
    compulsoryVerificationRate: [99.5, 99.6, 99.8, 98.8, 99.1, 98.4, 99.3, 99.4, 99.9, 99.2, 97.9, 96.1, 96.5, 95.2],
  },
  'G16.1': {
    qualityFunds: [200, 80, 60, 50, 100, 50, 40, 50, 80, 80, 20, 20, 15, 10],
  },
  'G16.2': {
    supportPolicy: [1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0],
  },
  'G17.1': {
    provincialBrands: [8, 4, 4, 3, 5, 3, 5, 5, 6, 5, 3, 3, 3, 3],
  },
  'G17.2': {
    brandZone: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2],
  },
  'G18.1': {
    planLevel: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
  },
  'G18.2': {
    trainingSessions: [12, 5, 4, 4, 8, 3, 4, 4, 6, 5, 3, 3, 4, 4],
  },
  'G19.1': {
    leadingGroup: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    groupMeeting: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    officeStaffed: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  'G19.2': {
    qualityMonthJudgement: [0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1],
  },
  'G20.1': {
    complaintSystem: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    hotlines: [H12312, 6, H12312, H12312, H12312, H12312, H12312, 6, H12312, H12312, H12312, H12312, L4, L4],
  },
  'G20.2': {
    complaintResolution: [97.6, 97.2, 98, 96.4, 98.3, 97.1, 98.8, 98.2, 99.4, 98.5, 96.6, 95.8, null, 94.2],
  },
  'G21.1': {
    qualityReport: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    reportDomains: [4, 3, 3, 3, 3, 3, 3, 3, 4, 3, 2, 2, 2, 2],
  },
  'G21.2': {
    passRateSurvey: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  },
  'G22.1': {
    qcResults: [6, 5, 4, 3, 3, 1, 2, 3, 2, 3, 1, 0, 1, null],
  },
  'G22.2': {
    massActivities: [4, 3, 3, 3, 3, 2, 3, 3, 4, 3, 3, 2, 3, 2],
  },
  'G23.1': {
    integrationStage: [1, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  },
  'G23.2': {
    testingPlatform: [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    testingAlliance: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    integrationIssues: [null, null, null, null, 1, null, null, null, null, null, null, null, null, null],
  },
  'G24.1': {
    localMethod: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    countiesAssessed: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    resultsUsed: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0],
  },
  'G24.2': {
    selfAssessmentFiled: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    discretionaryDeduction: [null, null, null, 0.5, null, 0.5, null, null, null, null, 1, 1.5, 1, 1.5],
  },
  GB1: {
    chinaQualityAwards: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    chinaQualityNominations: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  GB2: {
    provincialQualityAwards: [2, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
  },
  GB3: {
    nationalBrandZone: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  GB4: {
    strongCityDemo: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  GB5: {
    nationalMarks: [3, 0, 0, 0, 4, 0, 1, 0, 2, 2, 0, 2, 0, 1],
  },
  GD1: {
    majorIncidents: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
  },
  GD2: {
    nationalNotices: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    provincialNotices: [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 2, 0, 0],
  },
  GD3: {
    concealedIncident: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
    falsifiedMaterials: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  GV1: {
    systemicIncident: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
};

// ---------------------------------------------------------------------------
// What is particular to each unit: 不涉及, checkpoints left out altogether, the
// unit's notes, the examiner's findings and adjustments, and what the unit
// claimed in its self-assessment where that differs from the verified values.
// Unless a claim says otherwise, a unit scores itself as if the examiner's
// fields were at their best (judgement 体现充分, nothing found, no deduction).

interface Extras {
  notApplicable?: string[];
  absent?: string[];
  notes?: Record<string, string>;
  findings?: Record<string, string>;
  adjustments?: Record<string, { score: number; justification: string }>;
  claims?: Record<string, Record<string, Value>>;
  /** Checkpoints the unit did not score itself. */
  noSelfScore?: string[];
}

const NO_ECOMMERCE = '未列入国家或省电子商务示范城市创建范围';
const NO_ROPEWAY = '辖区内无客运索道和高风险游乐设施';
const EXAMINER = '省考核组';

const UNIT_EXTRAS: Record<UnitShort, Extras> = {
  兰州: {
    notes: {
      'G09.1': '全年优良天数258天，较上年增加8天，受沙尘天气影响仍未达到省定目标。',
      'G12.1': '新认定省级企业技术中心3个、工程技术研究中心2个、重点实验室1个。',
      GB1: '兰州某企业获第二届中国质量奖提名奖。',
      GB4: '获批创建全国质量强市示范城市。',
    },
    claims: {
      'G10.2': { firstAcceptanceRate: 100 },
      'G11.1': { crowdedInspectionRate: 100 },
      'G20.1': { hotlines: ['12301', '12312', '12315', '12316', '12365', '12369'] },
      'G23.1': { integrationStage: '已出台方案并实施' },
    },
  },
  嘉峪关: {
    notApplicable: ['G08.2'],
    notes: {
      'G02.2': '本市不辖县区，质量强市活动由市级组织开展。',
      'G05.1': '酒钢集团等5家企业设立首席质量官。',
      'G08.2': NO_ECOMMERCE,
      'G24.1': '本市不设县区，对3个镇和市直部门开展考核并通报结果。',
    },
    claims: {
      'G12.2': { newProducts: 6 },
      'G14.3': { energyStandardAssessed: true },
      'G17.1': { provincialBrands: 5 },
      'G20.2': { complaintResolution: 98.1 },
    },
    noSelfScore: ['G08.1', 'G19.2'],
  },
  金昌: {
    notApplicable: ['G08.2', 'G11.3'],
    notes: { 'G08.2': NO_ECOMMERCE, 'G11.3': NO_ROPEWAY, 'G22.1': '金川集团QC小组成果4项入选。' },
    findings: { 'G15.1': '申报建成的4项计量标准中1项于2016年1月取得建标考核证书，不计入本年度。' },
    claims: {
      'G13.3': { serviceEvaluations: ['生产性服务业质量提升', '服务质量统计监测'] },
      'G15.1': { measurementStandardsBuilt: 4 },
      'G20.1': { hotlines: ['12301', '12312', '12315', '12316', '12365', '12369'] },
    },
  },
  白银: {
    notes: { 'G20.1': '12312商务举报投诉平台已开通。' },
    findings: {
      'G20.1': '12312商务举报投诉平台未能正常受理，按缺少一条计。',
      GD1: '全年发生较大质量安全事故1起（在建工程坍塌）。',
      GV1: '辖区某县多个在建保障性住房项目使用同一批次不合格钢筋，涉及3个乡镇、11个项目，属区域性、系统性工程质量安全事件，经省住房城乡建设厅通报。',
      'G24.2': '任务分解未落实到县区，扣0.5分。',
    },
    claims: {
      'G06.3': { samplingCompletion: 100 },
      'G10.1': { supervisionCoverage: 100 },
      'G20.1': { hotlines: ['12301', '12312', '12315', '12316', '12365', '12369'] },
    },
  },
  天水: {
    notes: { GB5: '新增国家地理标志保护产品4个。', 'G06.1': '花牛苹果等12个产品新获认证。' },
    findings: {
      'G23.2': '市质检中心整合后仍由主管部门兼办下属检测公司，违反事企分开原则，扣0.5分。',
      GD2: '被省食品药品监管局通报1次。',
    },
    claims: { 'G10.2': { firstAcceptanceRate: 100 }, 'G16.2': { supportPolicy: true }, 'G23.1': { integrationStage: '已出台方案并实施' } },
  },
  武威: {
    notApplicable: ['G11.3'],
    notes: { 'G11.3': NO_ROPEWAY, 'G13.2': '满意度测评委托第三方开展，报告尚未形成。' },
    adjustments: {
      'G03.2': { score: 1.5, justification: '申报的“诚信市场创建”与“旅游诚信建设”为同一活动分别申报，按3项计，得1.5分。' },
    },
    claims: {
      'G12.2': { newProducts: 4 },
      'G13.2': { publicServiceSurvey: true, publicServiceSatisfaction: 78 },
      'G20.1': { hotlines: ['12301', '12312', '12315', '12316', '12365', '12369'] },
    },
  },
  张掖: {
    notes: { 'G06.1': '新认证“三品一标”产品9个。' },
    claims: {
      'G12.2': { newProducts: 5 },
      'G13.3': { serviceEvaluations: ['生产性服务业质量提升', '汽车售后服务质量测评', '游客满意度测评', '服务质量统计监测'] },
      'G17.2': { brandZone: '省级知名品牌示范区' },
      'G22.1': { qcResults: 3 },
    },
    noSelfScore: ['G08.1', 'G19.2'],
  },
  平凉: {
    notes: { 'G05.2': '勘察单位项目负责人授权书和承诺书正在补签。' },
    claims: {
      'G05.2': { lifetimeParties: ['建设', '勘察', '设计', '施工', '监理'] },
      'G12.1': { newPlatforms: 1 },
      'G14.1': { standardizationMechanism: '建立机制并制定规划' },
    },
  },
  酒泉: {
    notes: { 'G12.1': '新建省级工程技术研究中心3个。' },
    adjustments: {
      'G12.1': { score: 2.5, justification: '申报的3个创新平台中1个为2014年12月认定，不属本考核年度，按新建2个计，得2.5分。' },
    },
    findings: { 'G12.1': '核查认定文件，1个平台认定时间为2014年12月。' },
    claims: { 'G13.2': { publicServiceSurvey: true, publicServiceSatisfaction: 82 }, 'G22.1': { qcResults: 3 } },
  },
  庆阳: {
    findings: { GD2: '辖区石油化工产品质量问题被国家质检总局通报1次。' },
    claims: {
      'G17.2': { brandZone: '省级知名品牌示范区' },
      'G20.1': { hotlines: ['12301', '12312', '12315', '12316', '12365', '12369'] },
      'G21.1': { reportDomains: ['产品', '工程', '环境', '服务'] },
    },
  },
  定西: {
    notApplicable: ['G11.3'],
    notes: { 'G11.3': NO_ROPEWAY, 'G17.2': '定西马铃薯省级知名品牌示范区已申报，批复文件于2016年1月下达。' },
    findings: { 'G24.2': '目标备案材料不完整，扣1分。' },
    claims: {
      'G12.1': { newPlatforms: 1 },
      'G17.2': { brandZone: '省级知名品牌示范区' },
      'G23.1': { integrationStage: '已出台方案未实施' },
    },
  },
  陇南: {
    notes: { 'G08.2': '列入国家电子商务进农村综合示范县创建范围，全市开展电子商务产品质量监管试点。' },
    findings: {
      'G10.1': '抽查新开工项目，发现1个项目未办理质量监督手续。',
      'G11.2': '电梯应急处置平台已完成主体建设并试运行。',
      'G24.2': '自评材料部分缺少佐证，扣1.5分。',
    },
    adjustments: {
      'G11.2': { score: 0.75, justification: '电梯应急处置平台已建成试运行，尚未正式投入使用，酌情给0.25分。' },
    },
    claims: {
      'G10.1': { supervisionCoverage: 100 },
      'G11.2': { elevatorPlatform: true },
      'G13.2': { publicServiceSurvey: true, publicServiceSatisfaction: 75 },
    },
  },
  临夏: {
    notApplicable: ['G08.2'],
    notes: { 'G08.2': NO_ECOMMERCE, 'G12.1': '省级目标未分解到本州。' },
    findings: {
      'G08.1': '新兴产业质量安全监管仅有工作部署，未见具体监管措施，体现不充分。',
      'G20.2': '未提供质量申诉投诉办结情况统计。',
      GD1: '全年发生较大质量安全事故1起（食品中毒）。',
      GD3: '该较大事故发生后未在规定时限内报告，属迟报。',
      'G24.2': '考核材料报送迟于规定期限，扣1分。',
    },
    claims: { 'G16.1': { qualityFunds: 50 }, 'G20.2': { complaintResolution: 95 } },
  },
  甘南: {
    notApplicable: ['G08.2'],
    absent: ['G22.1'],
    notes: { 'G08.2': NO_ECOMMERCE, 'G15.1': '年度建标计划未下达，已建成1项。' },
    findings: {
      'G15.1': '未提供年度建标计划。',
      'G24.2': '自评材料多项缺少佐证，报送时间晚于规定期限，扣1.5分。',
    },
    claims: {
      'G14.1': { standardizationMechanism: '建立机制并制定规划' },
      'G20.1': { hotlines: ['12301', '12315', '12316', '12365', '12369'] },
    },
    noSelfScore: ['G15.1', 'G22.1'],
  },
};

// ---------------------------------------------------------------------------
// Building one unit's document.

function decode(field: RawField, cell: Cell, where: string): Value | undefined {
  if (cell === null) return undefined;
  switch (field.type) {
    case 'boolean':
      if (cell !== 0 && cell !== 1) throw new Error(`${where}: boolean cell must be 0 or 1`);
      return cell === 1;
    case 'enum': {
      const value = typeof cell === 'number' ? field.values?.[cell] : undefined;
      if (value === undefined) throw new Error(`${where}: enum cell must index the field's values`);
      return value;
    }
    case 'set':
      if (Array.isArray(cell)) return cell;
      return (field.values ?? []).slice(0, cell);
    default:
      if (typeof cell !== 'number') throw new Error(`${where}: number expected`);
      return cell;
  }
}

function same(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The field's best value, as the unit assumes for the examiner's fields when scoring itself. */
function examinerBest(field: RawField): Value | undefined {
  if (field.type === 'enum') return field.values?.[0];
  return field.default;
}

/** Rounds a non-negative double half-up to cents (via nanos, so 1.1849999… counts as 1.185). */
function toCents(x: number): number {
  const nanos = Math.round(x * 1e9);
  return Math.floor((nanos + 5_000_000) / 10_000_000);
}

/** The unit's own calculation of a score (plain floating point, as a spreadsheet would), in cents. */
function selfCents(item: RawItem, data: Record<string, Value>): number {
  const raw = Number(jsonLogic.apply(item.rule as never, data));
  const cap = item.cap ?? item.points;
  return toCents(Math.min(cap, Math.max(0, raw)));
}

interface ItemDoc {
  values?: Record<string, Value>;
  notApplicable?: true;
  selfScore?: number;
  note?: string;
  finding?: string;
  adjustment?: { score: number; justification: string; by: string };
}

function buildUnit(index: number) {
  const unit = units[index]!;
  const extras = UNIT_EXTRAS[unit.short];
  const items: Record<string, ItemDoc> = {};
  let selfCheckpointCents = 0;
  let selfBonusCents = 0;
  for (const item of allItems) {
    if (extras.absent?.includes(item.code)) continue;
    const kind = checkpoints.includes(item) ? 'checkpoint' : bonusItems.includes(item) ? 'bonus' : 'other';
    const doc: ItemDoc = {};
    const values: Record<string, Value> = {};
    const rows = TABLE[item.code] ?? {};
    if (extras.notApplicable?.includes(item.code)) {
      if (!item.notApplicable) throw new Error(`${unit.name} ${item.code}: the rubric does not allow 不涉及`);
      doc.notApplicable = true;
      const na = item.notApplicable.score;
      doc.selfScore = na === 'full' ? item.points : na;
    } else {
      doc.values = values;
      const claimed: Record<string, Value> = {};
      for (const field of item.fields) {
        const row = rows[field.key];
        if (row === undefined) throw new Error(`TABLE has no row for ${item.code}.${field.key}`);
        const value = decode(field, row[index] ?? null, `${item.code}.${field.key} ${unit.name}`);
        const optional = field.default !== undefined && kind !== 'checkpoint';
        if (value !== undefined && !(optional && same(value, field.default))) values[field.key] = value;
        const assumed = field.filledBy === 'examiner' ? examinerBest(field) : (value ?? field.default);
        if (assumed !== undefined) claimed[field.key] = assumed;
      }
      Object.assign(claimed, extras.claims?.[item.code]);
      // Bonus, deduction and veto items appear only when there is something to say.
      const said = Object.keys(values).length > 0 || extras.notes?.[item.code] || extras.findings?.[item.code];
      if (kind !== 'checkpoint' && !said) continue;
      const complete = item.fields.every((f) => f.required === false || claimed[f.key] !== undefined);
      if (kind !== 'other' && complete && !extras.noSelfScore?.includes(item.code)) doc.selfScore = selfCents(item, claimed) / 100;
    }
    if (kind === 'checkpoint') selfCheckpointCents += Math.round((doc.selfScore ?? 0) * 100);
    if (kind === 'bonus') selfBonusCents += Math.round((doc.selfScore ?? 0) * 100);
    const note = extras.notes?.[item.code];
    if (note) doc.note = note;
    const finding = extras.findings?.[item.code];
    if (finding) doc.finding = finding;
    const adjustment = extras.adjustments?.[item.code];
    if (adjustment) doc.adjustment = { ...adjustment, by: EXAMINER };
    items[item.code] = doc;
  }
  for (const part of ['notes', 'findings', 'adjustments', 'claims'] as const) {
    for (const code of Object.keys(extras[part] ?? {})) {
      if (!itemByCode.has(code)) throw new Error(`${unit.name}: ${part} name an unknown item ${code}`);
      if (!items[code]) throw new Error(`${unit.name}: ${part} name ${code}, which the unit left out`);
      if (part === 'claims' && items[code]?.notApplicable) throw new Error(`${unit.name}: claims name ${code}, declared 不涉及`);
    }
  }
  const selfTotalCents = selfCheckpointCents + Math.min(selfBonusCents, Math.round(rubric.bonus.cap * 100));
  return {
    $schema: '../../../docs/schema/evidence.schema.json',
    kaohe: 'evidence/v1',
    rubric: 'gansu-2015',
    year: 2015,
    unit: { code: unit.code, name: unit.name },
    selfTotal: selfTotalCents / 100,
    items,
  };
}

for (const [code, rows] of Object.entries(TABLE)) {
  const item = itemByCode.get(code);
  if (!item) throw new Error(`TABLE: unknown item ${code}`);
  for (const key of Object.keys(rows)) {
    if (!item.fields.some((f) => f.key === key)) throw new Error(`TABLE: ${code} has no field ${key}`);
  }
}

mkdirSync(OUT_DIR, { recursive: true });
for (let i = 0; i < units.length; i++) {
  const doc = buildUnit(i);
  writeFileSync(path.join(OUT_DIR, `${doc.unit.code}.json`), `${JSON.stringify(doc, null, 2)}\n`);
}
console.log(`wrote ${units.length} evidence files to ${path.relative(ROOT, OUT_DIR)}`);
