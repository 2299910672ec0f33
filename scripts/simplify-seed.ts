/**
 * Restores the Simplified Chinese text of the action plan from the copy we received
 * (machine-converted to Traditional characters with Taiwan vocabulary substituted).
 *
 * Character by character, not phrase by phrase: a phrase dictionary would also
 * rewrite words such as 建立. Then the Taiwan substitutions listed in DESIGN.md are
 * undone. The received file stays as it is, for provenance; the output sits beside it.
 *
 *   npx tsx scripts/simplify-seed.ts [in] [out]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import TSCharacters from 'opencc-js/dict/TSCharacters';

// Taiwan vocabulary the conversion substituted, with the mainland word it replaced.
// 計畫 is not in DESIGN.md's list but is the same kind of substitution (计划 → 計畫).
const RESTORE: ReadonlyArray<readonly [string, string]> = [
  ['智慧財產權', '知识产权'],
  ['積體電路', '集成电路'],
  ['最佳化', '优化'],
  ['資料庫', '数据库'],
  ['民眾性', '群众性'],
  ['民眾', '群众'],
  ['中國小', '中小学'],
  ['網路', '网络'],
  ['程式', '程序'],
  ['套用', '应用'],
  ['計畫', '计划'],
];

// Characters whose first OpenCC reading is wrong in this document's contexts.
const CHARACTER_OVERRIDES: Readonly<Record<string, string>> = {
  著: '著', // 著名商标, not 着名
};

function characterTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const entry of TSCharacters.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to && [...from].length === 1) table.set(from, [...to][0] as string);
  }
  for (const [from, to] of Object.entries(CHARACTER_OVERRIDES)) table.set(from, to);
  return table;
}

export function simplify(text: string): string {
  let restored = text;
  for (const [taiwan, mainland] of RESTORE) restored = restored.split(taiwan).join(mainland);
  const table = characterTable();
  return [...restored].map((ch) => table.get(ch) ?? ch).join('');
}

const [input = 'seeds/gansu-2015-quality-action-plan.txt', output = 'seeds/gansu-2015-quality-action-plan.zh-Hans.txt'] = process.argv.slice(2);
writeFileSync(output, simplify(readFileSync(input, 'utf8')));
console.log(`wrote ${output}`);
