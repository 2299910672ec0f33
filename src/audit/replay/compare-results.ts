/**
 * The bundle's results against the results recomputed from its rubric and evidence:
 * per unit its total, grade, rank and the rest, per item its score and how it was
 * produced, per veto whether it applied, and the summary. Each difference is one
 * problem with the value in the bundle and the recomputed value.
 */
import { canonicalJson, type ResultsV1, sha256 } from '../../core/index.js';
import { isJsonObject, sameJson } from '../json-changes.js';
import type { ReplayProblem } from './report.js';

type UnitResult = ResultsV1['units'][number];

/** What a user reads for a results field, in Chinese. */
const UNIT_FIELDS: Readonly<Record<string, string>> = {
  rank: '名次',
  total: '总分',
  grade: '结果',
  scoreGrade: '按分数的结果',
  vetoed: '一票否决',
  base: '基本分',
  bonusClaimed: '申报加分',
  bonus: '加分',
  bonusGroups: '各加分组',
  deductionsClaimed: '扣分合计',
  deductions: '扣分',
  selfTotal: '自评总分',
  name: '单位名称',
  tiedWith: '并列单位',
  flags: '标记',
  sections: '一级指标得分',
  missingItems: '缺证据项',
  evidenceHash: '证据哈希',
};
const TOP_FIELDS: Readonly<Record<string, string>> = { summary: '汇总', rubric: '考核细则', engine: '引擎', year: '年度', asOf: '评定日期', kaohe: '格式' };
/** Parts of the results' summary, in Chinese. */
const SUMMARY_FIELDS: Readonly<Record<string, string>> = {
  units: '单位数',
  grades: '各结果的单位',
  vetoed: '被否决的单位',
  ties: '并列的单位',
  flags: '标记的单位',
};
const ITEM_FIELDS: Readonly<Record<string, string>> = {
  score: '得分',
  computed: '计算得分',
  status: '状态',
  max: '分值',
  cap: '上限',
  selfScore: '自评分',
  trace: '计算过程',
  missingFields: '缺少的字段',
  adjustment: '调整',
};

/** A JSON value as text: numbers as written (shortest form, never a float artefact) padded to the rubric's places. */
export function valueText(value: unknown, places: number): string {
  if (value === undefined) return '（无）';
  if (typeof value === 'number') {
    const text = String(value);
    if (/e/i.test(text)) return text;
    const decimals = text.split('.')[1]?.length ?? 0;
    return decimals >= places ? text : `${text}${decimals === 0 ? '.' : ''}${'0'.repeat(places - decimals)}`;
  }
  if (typeof value === 'string') return value;
  return canonicalJson(value);
}

const same = sameJson;

/** Compared before the results, by cross-hashes.ts, with a message of their own. */
const HASH_FIELDS = new Set(['evidenceHash']);

/** Keys of both objects, first those named in `order`, then the rest in code order. */
function keysOf(a: object, b: object, order: readonly string[]): string[] {
  const all = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...order.filter((k) => all.has(k)), ...[...all].filter((k) => !order.includes(k)).sort()];
}

export interface Comparison {
  readonly problems: ReplayProblem[];
  /** Item results compared. */
  readonly checkpoints: number;
}

/** Codes the bundle's unit lists more than once: only one of them is compared, so each is named. */
function repeatedCodes(listed: readonly { code: string }[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { code } of listed) (seen.has(code) ? repeated : seen).add(code);
  return [...repeated];
}

function compareItems(unit: UnitResult, recomputed: UnitResult, places: number, out: ReplayProblem[]): number {
  for (const code of repeatedCodes(unit.items))
    out.push({ part: 'results', kind: 'score', unitCode: unit.code, itemCode: code, message: `单位 ${unit.code} 的结果中考核要点 ${code} 出现了不止一次` });
  const bundled = new Map(unit.items.map((i) => [i.code, i]));
  let compared = 0;
  for (const item of recomputed.items) {
    const mine = bundled.get(item.code);
    bundled.delete(item.code);
    const where = `单位 ${unit.code}（${unit.name}）考核要点 ${item.code}`;
    if (!mine) {
      out.push({ part: 'results', kind: 'score', unitCode: unit.code, itemCode: item.code, message: `${where}：结果中缺少这一项` });
      continue;
    }
    compared++;
    for (const key of keysOf(mine, item, Object.keys(ITEM_FIELDS))) {
      const [a, b] = [(mine as unknown as Record<string, unknown>)[key], (item as unknown as Record<string, unknown>)[key]];
      if (same(a, b)) continue;
      const label = ITEM_FIELDS[key] ?? key;
      const scalar = typeof a !== 'object' && typeof b !== 'object';
      out.push({
        part: 'results',
        kind: 'score',
        unitCode: unit.code,
        itemCode: item.code,
        field: key,
        ...(scalar && { bundleValue: valueText(a, places), recomputedValue: valueText(b, places) }),
        message: scalar ? `${where} 的${label}：包内值 ${valueText(a, places)}，重算值 ${valueText(b, places)}` : `${where} 的${label}（${key}）与重算不一致`,
      });
    }
  }
  for (const extra of bundled.values())
    out.push({
      part: 'results',
      kind: 'score',
      unitCode: unit.code,
      itemCode: extra.code,
      message: `单位 ${unit.code} 的结果中有考核细则没有的项 ${extra.code}`,
    });
  return compared;
}

function compareVetoes(unit: UnitResult, recomputed: UnitResult, out: ReplayProblem[]): void {
  for (const code of repeatedCodes(unit.vetoes))
    out.push({ part: 'results', kind: 'score', unitCode: unit.code, itemCode: code, message: `单位 ${unit.code} 的结果中一票否决事项 ${code} 出现了不止一次` });
  const known = new Set(recomputed.vetoes.map((v) => v.code));
  for (const extra of unit.vetoes.filter((v) => !known.has(v.code)))
    out.push({
      part: 'results',
      kind: 'score',
      unitCode: unit.code,
      itemCode: extra.code,
      message: `单位 ${unit.code} 的结果中有考核细则没有的一票否决事项 ${extra.code}`,
    });
  for (const veto of recomputed.vetoes) {
    const mine = unit.vetoes.find((v) => v.code === veto.code);
    if (mine && same(mine, veto)) continue;
    const says = (t: boolean | undefined) => (t === undefined ? '（无）' : t ? '否决' : '不否决');
    out.push({
      part: 'results',
      kind: 'score',
      unitCode: unit.code,
      itemCode: veto.code,
      field: 'triggered',
      bundleValue: says(mine?.triggered),
      recomputedValue: says(veto.triggered),
      message: `单位 ${unit.code}（${unit.name}）一票否决事项 ${veto.code}：包内值 ${says(mine?.triggered)}，重算值 ${says(veto.triggered)}${mine && mine.triggered === veto.triggered ? '（计算过程不一致）' : ''}`,
    });
  }
}

function compareSections(unit: UnitResult, recomputed: UnitResult, places: number, out: ReplayProblem[]): void {
  for (const section of recomputed.sections) {
    const mine = unit.sections.find((s) => s.code === section.code);
    if (mine && same(mine, section)) continue;
    const [a, b] = [valueText(mine?.score, places), valueText(section.score, places)];
    const other = mine && mine.score === section.score ? '（名称、分值或权重不一致）' : '';
    out.push({
      part: 'results',
      kind: 'score',
      unitCode: unit.code,
      itemCode: section.code,
      field: 'sections',
      bundleValue: a,
      recomputedValue: b,
      message: `单位 ${unit.code}（${unit.name}）一级指标 ${section.code} 的得分：包内值 ${a}，重算值 ${b}${other}`,
    });
  }
}

function compareUnit(unit: UnitResult, recomputed: UnitResult, places: number, out: ReplayProblem[]): number {
  const { items: _i, vetoes: _v, code: _c, ...fields } = unit;
  const { items: _ri, vetoes: _rv, code: _rc, ...recomputedFields } = recomputed;
  for (const key of keysOf(fields, recomputedFields, Object.keys(UNIT_FIELDS))) {
    const [a, b] = [(fields as Record<string, unknown>)[key], (recomputedFields as Record<string, unknown>)[key]];
    if (same(a, b) || HASH_FIELDS.has(key)) continue;
    if (key === 'sections') {
      compareSections(unit, recomputed, places, out);
      continue;
    }
    const label = UNIT_FIELDS[key] ?? key;
    const [shownA, shownB] = [valueText(a, key === 'rank' ? 0 : places), valueText(b, key === 'rank' ? 0 : places)];
    out.push({
      part: 'results',
      kind: 'score',
      unitCode: unit.code,
      field: key,
      bundleValue: shownA,
      recomputedValue: shownB,
      message: `单位 ${unit.code}（${unit.name}）的${label}：包内值 ${shownA}，重算值 ${shownB}`,
    });
  }
  const compared = compareItems(unit, recomputed, places, out);
  compareVetoes(unit, recomputed, out);
  return compared;
}

/** The members of the results other than their units (the summary, the rubric, the engine, …), each difference one problem. */
export function compareHead(bundled: ResultsV1, recomputed: Omit<ResultsV1, 'units'>, out: ReplayProblem[]): void {
  const places = recomputed.rubric.precision;
  const { units: _u, ...top } = bundled;
  for (const key of keysOf(top, recomputed, [])) {
    const [a, b] = [(top as Record<string, unknown>)[key], (recomputed as Record<string, unknown>)[key]];
    if (same(a, b) || HASH_FIELDS.has(key)) continue;
    const label = `${TOP_FIELDS[key] ?? ''}（${key}）`;
    if (isJsonObject(a) && isJsonObject(b)) {
      // A whole summary printed twice hides the difference: name the parts that differ instead.
      const differing = keysOf(a, b, []).filter((k) => !same(a[k], b[k]));
      const named = differing.map((k) => (key === 'summary' && SUMMARY_FIELDS[k] ? `${SUMMARY_FIELDS[k]}（${k}）` : k));
      out.push({ part: 'results', kind: 'score', field: key, message: `结果的${label}与重算不一致：${named.join('、')}不同` });
    } else {
      out.push({
        part: 'results',
        kind: 'score',
        field: key,
        bundleValue: valueText(a, places),
        recomputedValue: valueText(b, places),
        message: `结果的${label}与重算不一致：包内值 ${valueText(a, places)}，重算值 ${valueText(b, places)}`,
      });
    }
  }
}

/**
 * One unit's bundled results against its recomputed ones, which may still hold undefined
 * members (JSON.stringify drops them, as results.json does). The same text is the same
 * content: only a unit whose text differs is compared field by field. `mineText`: the
 * sha256 of the bundled unit's text, when it was taken already. Returns the item results compared.
 */
export function compareUnitResults(mine: UnitResult, recomputed: UnitResult, places: number, out: ReplayProblem[], mineText?: string): number {
  const text = JSON.stringify(recomputed);
  if (mineText !== undefined ? sha256(text) === mineText : JSON.stringify(mine) === text) return recomputed.items.length;
  return compareUnit(mine, JSON.parse(text) as UnitResult, places, out);
}

/** The order of units is the ranking: the same units in another order is a changed ranking. */
export function compareOrder(bundled: readonly string[], recomputed: readonly string[], out: ReplayProblem[]): void {
  const [a, b] = [bundled.join(','), recomputed.join(',')];
  if (a !== b)
    out.push({ part: 'results', kind: 'score', field: 'units', bundleValue: a, recomputedValue: b, message: `结果中单位的排列顺序与重算的排名顺序不一致` });
}

export function compareResults(bundled: ResultsV1, recomputed: ResultsV1): Comparison {
  const out: ReplayProblem[] = [];
  const places = recomputed.rubric.precision;
  const { units: _ru, ...recomputedTop } = recomputed;
  compareHead(bundled, recomputedTop, out);
  const units = new Map(bundled.units.map((u) => [u.code, u]));
  let checkpoints = 0;
  for (const unit of recomputed.units) {
    const mine = units.get(unit.code);
    if (mine) checkpoints += compareUnitResults(mine, unit, places, out);
  }
  // Only when nothing else differs: a changed score that moves a rank is reported as the score.
  if (out.length === 0)
    compareOrder(
      bundled.units.map((u) => u.code),
      recomputed.units.map((u) => u.code),
      out,
    );
  return { problems: out, checkpoints };
}
