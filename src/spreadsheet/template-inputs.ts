/**
 * The evidence template's input cells: each unlocked, yellow, pre-filled with the
 * draft's value as a clerk types it (a number stays a number, a yes/no is 是/否) and
 * guarded by Excel's data validation with a Chinese prompt and error. Excel caps a
 * prompt at 255 characters and an error at 225, so longer texts are clipped.
 */
import { toNumber } from '../core/exact/index.js';
import type { Field, Item } from '../core/rubric/model.js';
import { conditionWords } from '../core/rubric/conditions.js';
import { NO, YES } from './contract.js';
import type { LayoutCell, LayoutValue, Validation } from './workbook-layout.js';

const PROMPT_MAX = 255;
const ERROR_MAX = 225;
/** The longest 说明 the API accepts (SubmissionItemV1.note). */
export const NOTE_MAX = 5000;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function input(value: LayoutValue, validation: Validation, prompt: string, error: string, numeric = false): LayoutCell {
  return {
    value,
    style: numeric ? 'inputNumber' : 'input',
    unlocked: true,
    validation: { ...validation, prompt: clip(prompt, PROMPT_MAX), error: clip(error, ERROR_MAX) },
  };
}

/** 是/否 for a stored boolean; blank for anything else (not answered). */
export const yesNo = (value: unknown): LayoutValue => (value === true ? YES : value === false ? NO : null);

const YES_NO: Validation = { kind: 'list', values: [YES, NO] };

/** A number's allowed range in words, e.g. "0–100", "不小于 0"; empty when unbounded. */
export function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `不小于 ${min}`;
  if (max !== undefined) return `不大于 ${max}`;
  return '';
}

/** Column I of a field's row: its unit of measure and what it accepts, e.g. "%，0–100". */
export function fieldUnitAndRange(field: Field): string {
  // A conditional field's row stays in the sheet (rows are fixed), so it says when it is filled.
  const when = field.requiredWhen === undefined ? '' : `；仅当${conditionWords(field)}时填写`;
  return kindAndRange(field) + when;
}

function kindAndRange(field: Field): string {
  switch (field.type) {
    case 'boolean':
      return '是/否';
    case 'enum':
      return '下拉选择';
    case 'set':
      return '是/否';
    case 'integer':
    case 'number': {
      const step = field.step === undefined ? '' : `，步长 ${toNumber(field.step)}`;
      const kind = field.type === 'integer' ? '整数' : '';
      return [field.unit, [kind, rangeText(field.bounds.min, field.bounds.max)].filter((t) => t !== '').join(' ') + step]
        .filter((t) => t !== undefined && t !== '')
        .join('，');
    }
  }
}

/** A field's value cell (not a set: each of its items has a memberInput). */
export function fieldInput(field: Field, value: unknown): LayoutCell {
  const what = `“${field.label}”`;
  switch (field.type) {
    case 'boolean':
      return input(yesNo(value), YES_NO, `${what}：请从下拉列表选择“是”或“否”。`, `${what}只能填“是”或“否”。`);
    case 'enum': {
      const values = field.values ?? [];
      const text = typeof value === 'string' ? value : null;
      return input(text, { kind: 'list', values }, `${what}：请从下拉列表选择：${values.join('、')}。`, `${what}只能从下拉列表中选择。`);
    }
    case 'set':
      throw new Error(`a set field (${field.path}) has one input per item`);
    case 'integer':
    case 'number': {
      const { min, max } = field.bounds;
      const range = rangeText(min, max);
      const unit = field.unit === undefined ? '' : `（单位：${field.unit}）`;
      const step = field.step === undefined ? '' : `，且为 ${toNumber(field.step)} 的整数倍`;
      const kind = field.type === 'integer' ? '整数' : '数值';
      const within = range === '' ? '' : `，范围 ${range}`;
      const validation: Validation = {
        kind: field.type === 'integer' ? 'whole' : 'decimal',
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      };
      return input(
        typeof value === 'number' ? value : null,
        validation,
        `${what}${unit}：请填写${kind}${within}${step}。`,
        `${what}应为${kind}${within}${step}。`,
        true,
      );
    }
  }
}

/** One named item of a set field: 是 when the draft's set holds it, 否 when the set was answered without it, blank when unanswered. */
export function memberInput(field: Field, member: string, value: unknown): LayoutCell {
  const answered = Array.isArray(value);
  const shown = answered ? ((value as readonly unknown[]).includes(member) ? YES : NO) : null;
  return input(shown, YES_NO, `“${field.label}”是否包括“${member}”：是或否。`, `请填“是”或“否”。`);
}

/** 不涉及 on a checkpoint whose rubric allows it. */
export function notApplicableInput(item: Item, value: unknown): LayoutCell {
  const when = item.notApplicable?.when === undefined ? '' : `（仅限：${item.notApplicable.when}）`;
  return input(yesNo(value), YES_NO, `本考核要点可申报不涉及${when}。不涉及填“是”，并在“说明”中写明理由。`, `“不涉及”只能填“是”或“否”。`);
}

/** 自评分: at most the item's cap, at the rubric's precision. */
export function selfScoreInput(item: Item, precision: number, value: unknown): LayoutCell {
  const cap = toNumber(item.cap);
  const places = precision > 0 ? `，最多 ${precision} 位小数` : '，整数';
  return input(
    typeof value === 'number' ? value : null,
    { kind: 'decimal', min: 0, max: cap },
    `${item.code} 的自评分：0–${cap} 分${places}。`,
    `自评分应在 0–${cap} 分之间。`,
    true,
  );
}

/** 说明: free text, at most NOTE_MAX characters. */
export function noteInput(value: unknown): LayoutCell {
  return input(
    typeof value === 'string' ? value : null,
    { kind: 'textLength', max: NOTE_MAX },
    `说明（选填）：对填报值、自评分或不涉及的解释，不超过 ${NOTE_MAX} 字。`,
    `说明不能超过 ${NOTE_MAX} 字。`,
  );
}

/** 自评总分: the unit's own total, not counted in the score. */
export function selfTotalInput(max: number, value: unknown): LayoutCell {
  return input(
    typeof value === 'number' ? value : null,
    { kind: 'decimal', min: 0, max },
    `自评总分（选填）：0–${max} 分，仅供对照，不计入考核得分。`,
    `自评总分应在 0–${max} 分之间。`,
    true,
  );
}
