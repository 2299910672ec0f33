/** kaohe audit diff's report in words: the units' standings side by side, then each changed item and why. */
import type { BundleDiff, DiffCause, ItemDiff, ItemOutcome, UnitDiff, UnitStanding } from '../audit/index.js';
import { fromDouble, sub, toFixed } from '../core/exact/index.js';
import { textTable } from './text-table.js';

const CAUSE_WORDS: Readonly<Record<DiffCause, string>> = { evidence: '证据', review: '审核调整', rubric: '考核细则' };

const KIND_WORDS: Readonly<Record<string, string>> = { checkpoint: '考核要点', bonus: '加分项', deduction: '扣分项', veto: '一票否决' };

const STATUS_WORDS: Readonly<Record<string, string>> = { missing: '缺证据', not_applicable: '不涉及', triggered: '否决', not_triggered: '未否决' };

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
  'bonus.cap': '加分上限',
  'deductions.cap': '扣分上限',
  added: '新增',
  removed: '删除',
};

/** What changed, in words; field keys stay as the rubric names them. */
function changeWords(cause: DiffCause, change: string): string {
  const field = /^values\.(.+)$/.exec(change)?.[1];
  if (field !== undefined) return cause === 'review' ? `核实值 ${field}` : field;
  const section = /^sections\.([^.]+)(?:\.(.+))?$/.exec(change);
  if (section) return section[2] === undefined ? `一级指标 ${section[1]}` : `一级指标 ${section[1]} 的${CHANGE_WORDS[section[2]] ?? section[2]}`;
  return CHANGE_WORDS[change] ?? change;
}

function causesText(item: ItemDiff): string {
  if (item.causes.length === 0) return '输入未变（结果不同）';
  return item.causes.map((c) => `${CAUSE_WORDS[c]}（${item.changes[c].map((x) => changeWords(c, x)).join('、')}）`).join('；');
}

function fixed(value: number, places: number): string {
  return toFixed(fromDouble(value), places);
}

function signedChange(before: number, after: number, places: number): string {
  const change = sub(fromDouble(after), fromDouble(before));
  const text = toFixed(change, places);
  return text.startsWith('-') ? text : `+${text}`;
}

function outcomeText(outcome: ItemOutcome | null, places: number): string {
  if (outcome === null) return '（无）';
  const status = STATUS_WORDS[outcome.status];
  if (outcome.score === null) return status ?? outcome.status;
  return status ? `${fixed(outcome.score, places)}（${status}）` : fixed(outcome.score, places);
}

const arrow = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);

function standingCells(u: UnitDiff, places: number): string[] {
  const total = (s: UnitStanding | null) => (s ? fixed(s.total, places) : '（无）');
  const rank = (s: UnitStanding | null) => (s ? String(s.rank) : '（无）');
  const grade = (s: UnitStanding | null) => (s ? `${s.grade}${s.vetoed ? '（否决）' : ''}` : '（无）');
  const change = u.before && u.after ? (u.before.total === u.after.total ? '' : signedChange(u.before.total, u.after.total, places)) : '';
  return [
    `${u.name}（${u.code}）`,
    `${total(u.before)} → ${total(u.after)}`,
    change,
    arrow(rank(u.before), rank(u.after)),
    arrow(grade(u.before), grade(u.after)),
  ];
}

/** The parts of a unit's total that changed (基础分, 加分, 扣分): they show a rubric-wide change, such as a bonus cap, that no item does. */
function partsText(u: UnitDiff, places: number): string {
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

function sideText(label: string, file: string, side: BundleDiff['a']): string {
  const source = side.source === 'service' ? '数据库导出' : '由文件生成';
  return `  ${label} = ${file}（${side.rubric.id} ${side.rubric.version}，${side.year} 年度，${source}，引擎 ${side.engineVersion}）`;
}

const PART_WORDS: Readonly<Record<string, string>> = { run: '评分记录', audit: '审计链', notes: '第三方评估意见', results: '评分结果', rubric: '考核细则' };

function partWords(part: string): string {
  const unitPart = /^units\/(.+)\/(evidence|submission|review|materials)$/.exec(part);
  if (!unitPart) return PART_WORDS[part] ?? part;
  const what: Record<string, string> = { evidence: '证据', submission: '提交记录', review: '审核记录', materials: '附件信息' };
  return `单位 ${unitPart[1]} 的${what[unitPart[2] as string]}`;
}

export function diffText(diff: BundleDiff, files: { a: string; b: string }): string {
  const places = Math.max(diff.a.precision, diff.b.precision);
  const lines = ['比较审计包：', sideText('A', files.a, diff.a), sideText('B', files.b, diff.b), ''];
  if (diff.identical) {
    lines.push('两个审计包内容完全相同（各部分内容哈希一致）。');
    return `${lines.join('\n')}\n`;
  }

  const { wide, items } = diff.rubric;
  if (wide.length === 0 && items.length === 0) lines.push('考核细则：相同');
  else {
    lines.push('考核细则有变化：');
    if (wide.length > 0) lines.push(`  整体：${wide.map((w) => changeWords('rubric', w)).join('、')}`);
    for (const i of items) lines.push(`  ${i.code}：${i.changes.map((c) => changeWords('rubric', c)).join('、')}`);
  }
  lines.push('');

  lines.push(
    ...textTable(
      [['单位', '总分 A → B', '变化', '名次 A → B', '结果 A → B'], ...diff.units.map((u) => standingCells(u, places))],
      ['left', 'left', 'right', 'left', 'left'],
    ),
  );
  const changed = diff.units.filter((u) => u.changed);
  lines.push('', `${changed.length} 个单位有变化，${diff.units.length - changed.length} 个单位总分、名次、结果及各项得分均无变化。`);

  for (const unit of changed) {
    const parts = partsText(unit, places);
    if (unit.items.length === 0 && parts === '' && unit.before !== null && unit.after !== null) continue;
    lines.push('', `${unit.name}（${unit.code}）`);
    if (unit.before === null) lines.push('  仅在 B 中');
    if (unit.after === null) lines.push('  仅在 A 中');
    if (parts !== '') lines.push(`  ${parts}`);
    if (unit.items.length === 0) continue;
    const rows = unit.items.map((i) => [
      i.code,
      i.title,
      KIND_WORDS[i.kind] ?? i.kind,
      arrow(outcomeText(i.before, places), outcomeText(i.after, places)),
      causesText(i),
    ]);
    lines.push(...textTable([['检查点', '名称', '类别', '得分 A → B', '原因'], ...rows]).map((l) => `  ${l}`));
  }

  if (diff.otherParts.length > 0) lines.push('', `其他有变化的部分：${diff.otherParts.map(partWords).join('、')}`);
  return `${lines.join('\n')}\n`;
}
