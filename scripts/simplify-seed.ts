/**
 * Restores the Simplified Chinese text of the action plan from the copy we received
 * (machine-converted to Traditional characters with Taiwan vocabulary substituted,
 * and its punctuation turned into ASCII).
 *
 * Character by character, not phrase by phrase: a phrase dictionary would also
 * rewrite words such as 建立. Then the Taiwan substitutions listed in DESIGN.md are
 * undone, and the punctuation is put back to the full-width marks a Chinese government
 * document is printed with. The received file stays as it is, for provenance; the
 * output sits beside it.
 *
 *   npx tsx scripts/simplify-seed.ts [in] [out]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import TSCharacters from 'opencc-js/dict/TSCharacters';

// Taiwan vocabulary the conversion substituted, with the mainland word it replaced.
// 計畫 and 設定 are not in DESIGN.md's list but are the same kind of substitution
// (计划 → 計畫; 设置 → 設定: the plan asks universities to 设置 majors, issue 11).
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
  ['設定', '设置'],
];

// The received text has ASCII marks where the document has full-width ones; every one
// of them stands in Chinese text (even 12301(旅游) and (2012—2020年) are read as Chinese).
const FULL_WIDTH: Readonly<Record<string, string>> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '?': '？' };
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”—…]/u;

/** ASCII , ; : ( ) ? turned full-width where a neighbour is Chinese (a character or a full-width mark). */
export function fullWidthPunctuation(text: string): string {
  const chars = [...text];
  return chars
    .map((ch, i) => {
      const wide = FULL_WIDTH[ch];
      if (wide === undefined) return ch;
      const [before = '', after = ''] = [chars[i - 1], chars[i + 1]];
      return CHINESE.test(before) || CHINESE.test(after) || FULL_WIDTH[before] !== undefined ? wide : ch;
    })
    .join('');
}

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
  return fullWidthPunctuation([...restored].map((ch) => table.get(ch) ?? ch).join(''));
}

const [input = 'seeds/gansu-2015-quality-action-plan.txt', output = 'seeds/gansu-2015-quality-action-plan.zh-Hans.txt'] = process.argv.slice(2);
writeFileSync(output, simplify(readFileSync(input, 'utf8')));
console.log(`wrote ${output}`);
