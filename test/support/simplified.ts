/**
 * Is a text in Simplified Chinese? The test the people who use Kaohe would apply:
 * no character that OpenCC's Traditional → Simplified character table turns into a
 * different character, and none of the Taiwan words the received seed had substituted
 * (DESIGN.md). 著 is kept: it is the right character in 著名 (OpenCC reads it as 着).
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';

const KEPT = new Set(['著']);

/** Traditional character → its Simplified form, for characters whose form differs. */
export const traditionalToSimplified: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>();
  for (const entry of TSCharacters.split('|')) {
    const [from, to] = entry.split(' ');
    if (!from || !to || [...from].length !== 1) continue;
    const simplified = [...to][0] as string;
    if (simplified !== from && !KEPT.has(from)) table.set(from, simplified);
  }
  return table;
})();

export const TAIWAN_WORDS = [
  '套用',
  '最佳化',
  '智慧財產權',
  '智慧财产权',
  '程式',
  '民眾',
  '民众',
  '中國小',
  '中国小',
  '網路',
  '网路',
  '資料庫',
  '资料库',
  '積體電路',
  '积体电路',
] as const;

/** The Traditional characters in `text`, each once, in order of appearance. */
export function traditionalCharacters(text: string): string[] {
  return [...new Set([...text].filter((ch) => traditionalToSimplified.has(ch)))];
}

export function taiwanWords(text: string): string[] {
  return TAIWAN_WORDS.filter((w) => text.includes(w));
}
