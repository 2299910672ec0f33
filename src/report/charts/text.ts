/** Chinese text laid out for chart labels. */

/** Characters a Chinese line must not start with (closing punctuation). */
const NO_LINE_START = /^[，。、；：！？）》」』】,.;:!?)]/;

/**
 * A title broken into lines of at most about `perLine` characters, balanced so the
 * last line is not a lone character ("完善质量升级的配套措施" → "完善质量升级", "的配套措施").
 * Chinese may break between any two characters, except before closing punctuation.
 */
export function wrapChinese(text: string, perLine: number): string[] {
  const chars = [...text];
  if (chars.length <= perLine) return [text];
  const lines = Math.ceil(chars.length / perLine);
  const size = Math.ceil(chars.length / lines);
  const out: string[] = [];
  for (let start = 0; start < chars.length;) {
    let end = Math.min(start + size, chars.length);
    while (end < chars.length && NO_LINE_START.test(chars[end] as string)) end++;
    out.push(chars.slice(start, end).join(''));
    start = end;
  }
  return out;
}

/**
 * What was assessed, from the rubric's title: "甘肃省2015年度市州政府质量工作考核细则及
 * 评分标准" names a document; a chart of its results is about "…质量工作考核".
 */
export function assessmentName(rubricTitle: string): string {
  return rubricTitle.replace(/(细则及评分标准|评分细则|评分标准|细则)(?=（|\(|$)/, '') || rubricTitle;
}
