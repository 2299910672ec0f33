/** kaohe audit diff's report in words: the units' standings side by side, then each changed item and why (the words are src/audit/diff-words.ts, shared with the web page). */
import type { BundleDiff, UnitDiff } from '../audit/index.js';
import {
  IDENTICAL_TEXT,
  KIND_WORDS,
  arrow,
  causesText,
  changedUnitsText,
  diffPlaces,
  gradeText,
  itemOutcomeText,
  partWords,
  partsText,
  presenceText,
  rankMovesText,
  rankText,
  rubricChangeLines,
  totalChangeText,
  totalText,
  unitLabel,
} from '../audit/diff-words.js';
import { textTable } from './text-table.js';

function standingCells(u: UnitDiff, places: number): string[] {
  return [
    unitLabel(u),
    `${totalText(u.before, places)} → ${totalText(u.after, places)}`,
    totalChangeText(u, places),
    arrow(rankText(u.before), rankText(u.after)),
    arrow(gradeText(u.before), gradeText(u.after)),
  ];
}

function sideText(label: string, file: string, side: BundleDiff['a']): string {
  const source = side.source === 'service' ? '数据库导出' : '由文件生成';
  return `  ${label} = ${file}（${side.rubric.id} ${side.rubric.version}，${side.year} 年度，${source}，引擎 ${side.engineVersion}）`;
}

export function diffText(diff: BundleDiff, files: { a: string; b: string }): string {
  const places = diffPlaces(diff);
  const lines = ['比较审计包：', sideText('A', files.a, diff.a), sideText('B', files.b, diff.b), ''];
  if (diff.identical) {
    lines.push(IDENTICAL_TEXT);
    return `${lines.join('\n')}\n`;
  }

  const rubricLines = rubricChangeLines(diff);
  if (rubricLines.length === 0) lines.push('考核细则：相同');
  else lines.push('考核细则有变化：', ...rubricLines.map((l) => `  ${l}`));
  lines.push('');

  lines.push(
    ...textTable(
      [['单位', '总分 A → B', '变化', '名次 A → B', '结果 A → B'], ...diff.units.map((u) => standingCells(u, places))],
      ['left', 'left', 'right', 'left', 'left'],
    ),
  );
  lines.push('', changedUnitsText(diff));

  for (const unit of diff.units.filter((u) => u.changed)) {
    const parts = partsText(unit, places);
    const presence = presenceText(unit);
    const rankMoves = rankMovesText(unit, places);
    if (unit.items.length === 0 && parts === '' && presence === '' && rankMoves === '') continue;
    lines.push('', unitLabel(unit));
    if (presence !== '') lines.push(`  ${presence}`);
    if (rankMoves !== '') lines.push(`  ${rankMoves}`);
    if (parts !== '') lines.push(`  ${parts}`);
    if (unit.items.length === 0) continue;
    const rows = unit.items.map((i) => [i.code, i.title, KIND_WORDS[i.kind] ?? i.kind, itemOutcomeText(i, places), causesText(i)]);
    lines.push(...textTable([['检查点', '名称', '类别', '得分 A → B', '原因'], ...rows]).map((l) => `  ${l}`));
  }

  if (diff.otherParts.length > 0) lines.push('', `其他有变化的部分：${diff.otherParts.map(partWords).join('、')}`);
  return `${lines.join('\n')}\n`;
}
