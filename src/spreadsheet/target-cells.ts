/**
 * A target field's read-only text in the evidence template and the examiners' field sheet:
 * the approved target the actual value will be compared with, with when it was filed and
 * approved, or why there is none yet (未备案, 待审核, 已退回). The row carries no identifier in
 * column A, so both importers pass it by: a target is filed and approved in target filing
 * (目标备案), never taken from a workbook.
 */
import type { Field } from '../core/rubric/model.js';
import type { EvidenceTargets, FiledTarget, FiledTargets } from '../records/targets.js';
import { YES, NO } from './contract.js';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in Beijing, e.g. 2016-01-15 (pure arithmetic: the bytes do not depend on the machine's time zone). */
function beijingDate(iso: string | undefined): string {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** One target of a filing, read by own keys only (the filing is stored JSON). */
export function filedTarget(targets: FiledTargets | undefined, item: string, field: string): FiledTarget | undefined {
  if (targets === undefined || !hasOwn(targets, item)) return undefined;
  const fields = targets[item] ?? {};
  return hasOwn(fields, field) ? fields[field] : undefined;
}

function valueText(field: Field, value: FiledTarget['value']): string {
  if (typeof value === 'boolean') return value ? YES : NO;
  if (Array.isArray(value)) return value.join('、') || '（无）';
  return `${String(value)}${field.unit ?? ''}`;
}

/** e.g. 80%（2016-01-15 备案，2016-01-18 省考核组批准）, 12家（2016-01-18 备案，待审核，尚未批准）, 未备案. */
export function targetText(field: Field, target: FiledTarget | undefined): string {
  if (target === undefined) return '未备案';
  const value = valueText(field, target.value);
  const filed = `${beijingDate(target.filedAt)} 备案`;
  if (target.state === 'approved') return `${value}（${filed}，${beijingDate(target.decidedAt)} 省考核组批准）`;
  if (target.state === 'returned') return `${value}（${filed}，已退回，尚未批准${target.reason ? `；退回理由：${target.reason}` : ''}）`;
  return `${value}（${filed}，待审核，尚未批准）`;
}

/** What column I (unit and range) says of a target row in the evidence template. */
export const TARGET_ROW_REMARK = '目标备案值，只读';

/** An evidence file's `targets` section (approved targets only, with their provenance) as a filing, for a template made from files. */
export function filingOfEvidence(section: EvidenceTargets | undefined): FiledTargets | undefined {
  if (section === undefined) return undefined;
  const out: Record<string, Record<string, FiledTarget>> = {};
  for (const [code, fields] of Object.entries(section)) {
    for (const [key, t] of Object.entries(fields)) {
      if (t.value === null) continue;
      (out[code] ??= {})[key] = { value: t.value, state: 'approved', filedAt: t.filedAt, filedBy: '', decidedAt: t.approvedAt, decidedBy: t.approvedBy };
    }
  }
  return out;
}
