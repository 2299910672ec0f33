/**
 * What people actually type into a cell, read for one kind of input: a number (a
 * field's value or a self-score), yes/no (a boolean field, a set's member, 不涉及), a
 * choice, a note. Pure and forgiving about form (full-width digits, spaces, a trailing
 * %, thousands separators, numbers stored as text), strict about meaning: whatever
 * cannot be read one way only is refused with a Chinese reason, never guessed.
 *
 * Range, step, integer and choice checks are NOT made here: the importer hands the
 * values to the core's readEvidence, the same check a save from the web form runs, so
 * both give the same verdict in the same words.
 */
import type { CellRead } from './workbook-read.js';

export type CellReading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): CellReading<T> => ({ ok: true, value });
const refuse = <T>(reason: string): CellReading<T> => ({ ok: false, reason });

/**
 * Full-width forms folded to their ASCII twins (０-９ ，．－＋％ Ａ-Ｚ and the ideographic
 * space U+3000), as an input method types them, by Unicode compatibility (NFKC).
 */
export function foldWidth(text: string): string {
  return text.normalize('NFKC');
}

/** Every kind of white space, NBSP and U+3000 included (JavaScript's \s covers both). */
const SPACES = /\s+/g;

/** The text as a person means it: widths folded, white space around it dropped. */
export function plainText(text: string): string {
  return foldWidth(text).trim();
}

/** What a cell shows, for a message: its text, or its number or date as written. */
export function shownValue(cell: CellRead | undefined): string {
  if (cell === undefined || cell.value === null) return '';
  if (typeof cell.value === 'boolean') return cell.value ? 'TRUE' : 'FALSE';
  if (typeof cell.value === 'number' && cell.percent === true) return `${Number(shiftDecimal(String(cell.value), 2))}%`;
  return String(cell.value);
}

/** An input cell without anything in it (white space alone counts as nothing). */
export function isEmptyCell(cell: CellRead | undefined): boolean {
  if (cell === undefined) return true;
  if (cell.formula !== undefined) return false;
  return cell.value === null || (typeof cell.value === 'string' && plainText(cell.value) === '');
}

/**
 * A number cell holds a double; Excel itself keeps 15 significant digits, so a stored
 * 0.30000000000000004 is the 0.3 the person saw. The shortest decimal of the rounded
 * double is then the number as typed, and JSON writes it so ("0.1" stays 0.1).
 */
const asTyped = (x: number): number => Number(x.toPrecision(15));

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** 1,234 or 12,345,678.5: groups of three, so the comma cannot be a decimal comma. */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

export interface NumberContext {
  /** The field's unit (e.g. "%"); a trailing % is accepted only where the unit is %. */
  readonly unit?: string;
}

/**
 * A number, from a number cell or from text such as "８５．５", "85 %", "1,234".
 * "85%" is 85 for a field whose unit is % (the template asks for the percentage, as the
 * rubric states it); elsewhere a % is refused, since 0.85 and 85 would both be guesses.
 * A number must be exact as a double: more than 15 significant digits is refused rather
 * than silently changed.
 */
export function readNumber(cell: CellRead, context: NumberContext = {}): CellReading<number> {
  const { value } = cell;
  if (cell.isDate === true) return refuse(`这是一个日期（${String(value)}），应填数字；请把单元格格式设为“常规”后重新输入`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return refuse('不是有效的数字');
    if (cell.percent !== true) return ok(asTyped(value));
    // Typed as 85% (stored 0.85 with a % format): the percentage for a field in %, refused elsewhere.
    if (context.unit !== '%') return refuse(percentRefusal(context.unit));
    return ok(Number(shiftDecimal(String(asTyped(value)), 2)));
  }
  if (typeof value === 'boolean') return refuse('应填数字，不是“是/否”');
  if (value === null) return refuse('没有填写');
  let text = foldWidth(value).replace(SPACES, '');
  if (text.endsWith('%')) {
    if (context.unit !== '%') return refuse(percentRefusal(context.unit));
    text = text.slice(0, -1);
  }
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  else if (text.includes(',')) return refuse('逗号的含义不明确（千位分隔符须每三位一组，小数点请用“.”）');
  if (!PLAIN_DECIMAL.test(text)) return refuse('不是数字');
  const number = Number(text);
  if (!Number.isFinite(number)) return refuse('数字超出范围');
  if (!sameDecimal(text, number)) return refuse('有效数字超过 15 位，无法精确保存');
  return ok(number === 0 ? 0 : number);
}

const percentRefusal = (unit: string | undefined) => (unit ? `该项的单位是“${unit}”，不能带 %` : '该项不是百分比，不能带 %');

/**
 * The decimal text times 10^places, by moving its point ("0.895" → "89.5"): exact, where
 * multiplying the double by 100 could add a binary artefact.
 */
function shiftDecimal(text: string, places: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (match === null) return String(Number(text) * 10 ** places);
  const [, sign = '', int = '', frac = '', exp] = match;
  const shift = places + (exp === undefined ? 0 : Number(exp));
  const digits = int + frac;
  const point = int.length + shift;
  const padded = point > digits.length ? digits.padEnd(point, '0') : point < 1 ? '0'.repeat(1 - point) + digits : digits;
  const at = Math.max(point, 1);
  return `${sign}${padded.slice(0, at)}.${padded.slice(at) || '0'}`;
}

/** Whether the double prints back as the typed decimal (leading/trailing zeros and sign aside). */
function sameDecimal(text: string, number: number): boolean {
  const canonical = (t: string) => {
    const negative = t.startsWith('-');
    const body = t.replace(/^[+-]/, '');
    const [int = '', frac = ''] = body.split('.');
    const i = int.replace(/^0+/, '') || '0';
    const f = frac.replace(/0+$/, '');
    const digits = f === '' ? i : `${i}.${f}`;
    return negative && digits !== '0' ? `-${digits}` : digits;
  };
  const printed = Math.abs(number) >= 1e21 || (number !== 0 && Math.abs(number) < 1e-6) ? number.toFixed(20) : String(number);
  return canonical(text) === canonical(printed);
}

/** What people write for yes and for no, after widths are folded and case ignored. */
const YES_WORDS = new Set(['是', '√', '✓', '✔', 'y', 'yes', '对', '有', 'true', '1']);
const NO_WORDS = new Set(['否', '×', '✗', '✘', 'x', 'n', 'no', '错', '无', '没有', 'false', '0']);

/** Yes or no: 是/否, √/×, ✓/✗, Y/N, 对/错, 有/无, TRUE/FALSE (a logical cell too), 1/0. */
export function readYesNo(cell: CellRead): CellReading<boolean> {
  const { value } = cell;
  if (typeof value === 'boolean') return ok(value);
  if (value === null) return refuse('没有填写');
  if (cell.isDate === true) return refuse(`这是一个日期（${value}），应填“是”或“否”`);
  const word = (typeof value === 'number' ? String(value) : plainText(value)).replace(SPACES, '').toLowerCase();
  if (YES_WORDS.has(word)) return ok(true);
  if (NO_WORDS.has(word)) return ok(false);
  return refuse('应填“是”或“否”');
}

/**
 * A choice: the declared text it matches once widths are folded and outer spaces
 * dropped on both sides. Text matching none is returned as written, so that the core
 * refuses it with the list of choices (the same message as the web form's save).
 */
export function readChoice(cell: CellRead, choices: readonly string[]): CellReading<string> {
  const { value } = cell;
  if (value === null) return refuse('没有填写');
  const text = typeof value === 'string' ? plainText(value) : shownValue(cell);
  const chosen = choices.find((c) => plainText(c) === text);
  return ok(chosen ?? text);
}

/**
 * A note as written (a number or date cell as its text). Only a note of white space
 * alone is no note; otherwise the text is kept byte for byte, so that a note exported
 * and imported back is the same note.
 */
export function readText(cell: CellRead): CellReading<string | undefined> {
  const { value } = cell;
  if (value === null) return ok(undefined);
  const text = typeof value === 'string' ? value : shownValue(cell);
  return ok(/\S/.test(text) ? text : undefined);
}
