/**
 * The words of a bundle diff (src/audit/diff.ts): causes, kinds, statuses, what changed,
 * and each unit's standing and changed item as text. `kaohe audit diff` lays them out as
 * a terminal table and the browser's 评分对比 page as its own table; both take the words
 * from here, so that the two can never say a change differently. Pure: no I/O, and only
 * the exact arithmetic of the core, so that the page can bundle it.
 */
import { fromDouble, sub, toFixed, toSignedFixed } from '../core/exact/index.js';
import type { BundleDiff, DiffCause, ItemDiff, ItemOutcome, RankMove, UnitDiff, UnitStanding } from './diff.js';

export const CAUSE_WORDS: Readonly<Record<DiffCause, string>> = { evidence: '证据', review: '审核调整', rubric: '考核细则' };

export const KIND_WORDS: Readonly<Record<string, string>> = { checkpoint: '考核要点', bonus: '加分项', deduction: '扣分项', veto: '一票否决' };

export const STATUS_WORDS: Readonly<Record<string, string>> = { missing: '缺证据', not_applicable: '不涉及', triggered: '否决', not_triggered: '未否决' };

const CHANGE_WORDS: Readonly<Record<string, string>> = {
  selfScore: '自评分',
  note: '说明',
  notApplicable: '不涉及',
  materials: '材料',
  values: '填报值',
  finding: '核查发现',
  adjustment: '调整分',
  rule: '评分规则',
  points: '分值',
  cap: '上限',
  fields: '证据字段',
  method: '评分方法',
  title: '名称',
  weight: '权重',
  indicators: '二级指标',
  precision: '精度',
  rounding: '修约规则',
  aggregation: '汇总方式',
  total: '总分',
  result: '结果（等次）规则',
  ranking: '排名规则',
  flags: '标记规则',
  version: '版本',
  changelog: '修订说明',
  'bonus.cap': '加分上限',
  'deductions.cap': '扣分上限',
  added: '新增',
  removed: '删除',
};

/** Field labels by key (ItemDiff.labels). */
type Labels = Readonly<Record<string, string>> | undefined;

/** An evidence field as its reader knows it: the rubric's label, quoted as the forms quote it; the key where the rubric labels none. */
export const fieldWords = (key: string, labels: Labels): string => {
  const label = labels?.[key];
  return label === undefined ? key : `“${label}”`;
};

/** What changed, in words; an evidence field by its label in the rubric (`labels`), by its key where it has none. */
export function changeWords(cause: DiffCause, change: string, labels?: Labels): string {
  const field = /^values\.(.+)$/.exec(change)?.[1];
  if (field !== undefined) return cause === 'review' ? `核实值${fieldWords(field, labels)}` : fieldWords(field, labels);
  const target = /^targets\.(.+)$/.exec(change)?.[1];
  if (target !== undefined) return `备案目标${fieldWords(target, labels)}`;
  const section = /^sections\.([^.]+)(?:\.(.+))?$/.exec(change);
  if (section) return section[2] === undefined ? `一级指标 ${section[1]}` : `一级指标 ${section[1]} 的${CHANGE_WORDS[section[2]] ?? section[2]}`;
  return CHANGE_WORDS[change] ?? change;
}

/** One cause of an item's change with what changed, e.g. 证据（“新开工大中型工程项目质量监督覆盖率”、自评分）. */
export function causeText(item: ItemDiff, cause: DiffCause): string {
  return `${CAUSE_WORDS[cause]}（${item.changes[cause].map((x) => changeWords(cause, x, item.labels)).join('、')}）`;
}

/**
 * Why an item changed, every cause in order, e.g. 证据（自评分）；审核调整（调整分）; for an
 * item that reads across units and changed only because other units' evidence did,
 * 证据（其他单位：620200、620300）; for one that reads last year and changed because the
 * unit's last-year evidence did, 上年证据（“合格率”）.
 */
export function causesText(item: ItemDiff): string {
  if (item.causes.length === 0) {
    const across = [
      ...(item.others !== undefined && item.others.length > 0 ? [`${CAUSE_WORDS.evidence}（其他单位：${item.others.join('、')}）`] : []),
      ...(item.lastYear !== undefined && item.lastYear.length > 0
        ? [`上年证据（${item.lastYear.map((key) => fieldWords(key, item.labels)).join('、')}）`]
        : []),
    ];
    return across.length > 0 ? across.join('；') : '输入未变（结果不同）';
  }
  return item.causes.map((c) => causeText(item, c)).join('；');
}

/** The decimal places a diff is shown at: the finer of the two sides'. */
export const diffPlaces = (diff: BundleDiff): number => Math.max(diff.a.precision, diff.b.precision);

export function fixed(value: number, places: number): string {
  return toFixed(fromDouble(value), places);
}

/** after − before with its sign, as the reports print a change: +0.50, −2.00 (a true minus), 0.00. */
export function signedChange(before: number, after: number, places: number): string {
  return toSignedFixed(sub(fromDouble(after), fromDouble(before)), places);
}

export function outcomeText(outcome: ItemOutcome | null, places: number): string {
  if (outcome === null) return '（无）';
  const status = STATUS_WORDS[outcome.status];
  if (outcome.score === null) return status ?? outcome.status;
  return status ? `${fixed(outcome.score, places)}（${status}）` : fixed(outcome.score, places);
}

/** One value A → B, or the value once when it did not change. */
export const arrow = (a: string, b: string): string => (a === b ? a : `${a} → ${b}`);

/** An item's points (a veto: its outcome) A → B, e.g. 2.50 → 2.00. */
export const itemOutcomeText = (item: ItemDiff, places: number): string => arrow(outcomeText(item.before, places), outcomeText(item.after, places));

export const unitLabel = (u: Pick<UnitDiff, 'name' | 'code'>): string => `${u.name}（${u.code}）`;

export const totalText = (s: UnitStanding | null, places: number): string => (s ? fixed(s.total, places) : '（无）');
export const rankText = (s: UnitStanding | null): string => (s ? String(s.rank) : '（无）');
export const gradeText = (s: UnitStanding | null): string => (s ? `${s.grade}${s.vetoed ? '（否决）' : ''}` : '（无）');

/** The change of a unit's total, signed; empty when it did not change or the unit is on one side only. */
export function totalChangeText(u: UnitDiff, places: number): string {
  return u.before && u.after ? (u.before.total === u.after.total ? '' : signedChange(u.before.total, u.after.total, places)) : '';
}

/** The parts of a unit's total that changed (基础分, 加分, 扣分): they show a rubric-wide change, such as a bonus cap, that no item does. */
export function partsText(u: UnitDiff, places: number): string {
  if (!u.before || !u.after) return '';
  const [before, after] = [u.before, u.after];
  const parts: [keyof UnitStanding, string][] = [
    ['base', '基础分'],
    ['bonus', '加分'],
    ['deductions', '扣分'],
  ];
  return parts
    .filter(([key]) => before[key] !== after[key])
    .map(([key, label]) => `${label} ${fixed(before[key] as number, places)} → ${fixed(after[key] as number, places)}`)
    .join('；');
}

/** How another unit's place against this one changed, in words from this unit's side. */
function rankMoveText(m: RankMove, places: number): string {
  const total = (t: number | null) => (t === null ? '（无）' : fixed(t, places));
  const other = `${m.name}（${m.code}，${arrow(total(m.totals[0]), total(m.totals[1]))}）`;
  if (m.before === null) return `B 中新增的${other}排在前面`;
  if (m.after === null) return `A 中排在前面的${other}不在 B 中`;
  if (m.after === 'tied') return `与${other}并列`;
  if (m.before === 'tied') return `原与${other}并列，现${m.after === 'ahead' ? '居其后' : '居其前'}`;
  return m.after === 'ahead' ? `被${other}超过` : `超过${other}`;
}

/**
 * Why a unit's rank moved, e.g. 名次 7 → 8（总分 +3.23）：原与张掖市（620700，73.69 → 77.69）并列，现居其后:
 * its own total's change and every unit that passed it or that it passed. Empty when the rank did not change.
 */
export function rankMovesText(u: UnitDiff, places: number): string {
  if (!u.before || !u.after || u.rankMoves === undefined) return '';
  const own = totalChangeText(u, places);
  const moves = u.rankMoves.map((m) => rankMoveText(m, places));
  return `名次 ${u.before.rank} → ${u.after.rank}（总分${own === '' ? '不变' : ` ${own}`}）：${moves.length > 0 ? moves.join('；') : '其他单位的名次变化'}`;
}

/** A unit found on one side only, in words; empty when it is in both. */
export function presenceText(u: UnitDiff): string {
  if (u.before === null) return '仅在 B 中';
  if (u.after === null) return '仅在 A 中';
  return '';
}

/** The rubric's changes as lines: 整体：… then one per item; empty when the rubric is the same. */
export function rubricChangeLines(diff: BundleDiff): string[] {
  const { wide, items } = diff.rubric;
  const lines: string[] = [];
  if (wide.length > 0) lines.push(`整体：${wide.map((w) => changeWords('rubric', w)).join('、')}`);
  for (const i of items) lines.push(`${i.code}：${i.changes.map((c) => changeWords('rubric', c)).join('、')}`);
  return lines;
}

/** How many units changed, as a sentence. */
export function changedUnitsText(diff: BundleDiff): string {
  const changed = diff.units.filter((u) => u.changed).length;
  return `${changed} 个单位有变化，${diff.units.length - changed} 个单位总分、名次、结果及各项得分均无变化。`;
}

const PART_WORDS: Readonly<Record<string, string>> = {
  run: '评分记录',
  audit: '审计链',
  notes: '第三方评估意见',
  results: '评分结果',
  rubric: '考核细则',
  previous: '上年证据',
};

/** A bundle part (diff.otherParts), in words. */
export function partWords(part: string): string {
  const unitPart = /^units\/(.+)\/(evidence|submission|review|materials|targets)$/.exec(part);
  if (!unitPart) return PART_WORDS[part] ?? part;
  const what: Record<string, string> = { evidence: '证据', submission: '提交记录', review: '审核记录', materials: '附件信息', targets: '目标备案' };
  return `单位 ${unitPart[1]} 的${what[unitPart[2] as string]}`;
}

export const IDENTICAL_TEXT = '两个审计包内容完全相同（各部分内容哈希一致）。';
