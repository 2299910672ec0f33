/**
 * Grade bands in words must say what the numbers say. A band's `min` is inclusive and
 * its upper boundary (the better band's `min`) exclusive, so a text must read
 * "60 分及以上" for the floor and "60 分以下（不含 60 分）" for the ceiling. Chinese law
 * fixes what the words mean (民法典第一千二百五十九条：“以上”“以下”“以内”包括本数，
 * “不满”“超过”“以外”不包括本数): "60 分以下" alone includes 60 and contradicts a band
 * that 60 is not in, which is exactly the ambiguity a published rubric must not have.
 *
 * A band's `text` must state each of its boundaries; any number of points in a `label`
 * or `text` must be one of its boundaries, in the right words.
 */
import { type Problem, at, problem } from '../errors.js';
import { type Num, cmp, parseDecimal, toExactText } from '../exact/index.js';
import type { Grade, Rubric } from '../rubric/index.js';

/** "60 分", "60分", "６０分", "59.5 分": a number of points, with what stands before and after it. */
const POINTS = /([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*分/g;

const INCLUSIVE_FLOOR_AFTER = /^\s*(（含）|\(含\))?\s*(及以上|以上)/;
const INCLUSIVE_FLOOR_BEFORE = /(不低于|不少于|≥|大于等于|达到)\s*$/;
const EXCLUSIVE_CEILING_AFTER = /^\s*以下\s*[（(，,]\s*不含/;
const EXCLUSIVE_CEILING_BEFORE = /(低于|不足|不满|少于|不含|<|小于)\s*$/;

function halfWidth(text: string): string {
  return text.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

type Words = 'floor' | 'ceiling' | 'other';

function wordsAround(before: string, after: string): Words {
  if (INCLUSIVE_FLOOR_AFTER.test(after) || INCLUSIVE_FLOOR_BEFORE.test(before)) return 'floor';
  if (EXCLUSIVE_CEILING_AFTER.test(after) || EXCLUSIVE_CEILING_BEFORE.test(before)) return 'ceiling';
  return 'other';
}

function boundaryProblems(text: string, path: string, floor: Num | undefined, ceiling: Num | undefined, requireBoth: boolean): Problem[] {
  const problems: Problem[] = [];
  const plain = halfWidth(text);
  let floorSaid = false;
  let ceilingSaid = false;
  for (const m of plain.matchAll(POINTS)) {
    const value = parseDecimal(m[1] as string);
    const start = m.index;
    const words = wordsAround(plain.slice(Math.max(0, start - 6), start), plain.slice(start + m[0].length, start + m[0].length + 8));
    const shown = toExactText(value);
    if (floor !== undefined && cmp(value, floor) === 0) {
      floorSaid = true;
      if (words !== 'floor') problems.push(problem('rubric_grade_invalid', path, `“${text}”：${shown} 分是该等级的下限，包括本数，应写作“${shown} 分及以上”`));
    } else if (ceiling !== undefined && cmp(value, ceiling) === 0) {
      ceilingSaid = true;
      if (words !== 'ceiling')
        problems.push(
          problem(
            'rubric_grade_invalid',
            path,
            `“${text}”：${shown} 分不属于该等级（属于上一等级），应写作“${shown} 分以下（不含 ${shown} 分）”；按民法典，“以下”包括本数`,
          ),
        );
    } else {
      const bounds = [
        floor === undefined ? undefined : `下限 ${toExactText(floor)} 分（min）`,
        ceiling === undefined ? undefined : `上限 ${toExactText(ceiling)} 分（上一等级的 min，不含）`,
      ]
        .filter((b) => b !== undefined)
        .join('、');
      problems.push(problem('rubric_grade_invalid', path, `“${text}”中的 ${shown} 分与该等级的分数线不符：该等级的分数线为${bounds || '（无）'}`));
    }
  }
  if (requireBoth && floor !== undefined && !floorSaid)
    problems.push(problem('rubric_grade_invalid', path, `“${text}”没有写明该等级的下限：应写明“${toExactText(floor)} 分及以上”`));
  if (requireBoth && ceiling !== undefined && !ceilingSaid)
    problems.push(
      problem('rubric_grade_invalid', path, `“${text}”没有写明该等级的上限：应写明“${toExactText(ceiling)} 分以下（不含 ${toExactText(ceiling)} 分）”`),
    );
  return problems;
}

/** Problems of every band's `text` and `label` against its `min` and the better band's `min`. */
export function gradeTextProblems(rubric: Rubric): Problem[] {
  const grades: readonly Grade[] = rubric.result.grades;
  const problems: Problem[] = [];
  grades.forEach((grade, i) => {
    const path = at(at('$.result', 'grades'), i);
    const floor = grade.min;
    const ceiling = i > 0 ? grades[i - 1]?.min : undefined;
    if (grade.text !== undefined) problems.push(...boundaryProblems(grade.text, at(path, 'text'), floor, ceiling, true));
    if (grade.label !== undefined) problems.push(...boundaryProblems(grade.label, at(path, 'label'), floor, ceiling, false));
  });
  return problems;
}
