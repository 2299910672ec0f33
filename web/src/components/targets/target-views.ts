/**
 * The rubric's targets (fields declared "filledBy": "target") as the target filing pages show them:
 * grouped by checkpoint (code, title, method), each field with its label, unit, range and the
 * rubric's description; and a filing's targets counted by state for the examiners' board.
 */
import type { FieldView } from '../FieldInput.vue';
import type { EvidenceValue, FiledTarget, TargetFiling, TargetState } from '../../api/types';
import type { Rubric } from '../../preview/preview';

export interface TargetFieldView extends FieldView {
  readonly description?: string;
}

export interface TargetGroup {
  readonly code: string;
  readonly title: string;
  readonly method: string;
  readonly fields: readonly TargetFieldView[];
}

/** The form's key of one target: `Q04.1/goodAirDaysTarget`. */
export const targetKey = (item: string, field: string) => `${item}/${field}`;

function rangeOf(bounds: { min?: number; max?: number }): string | undefined {
  if (bounds.min === undefined && bounds.max === undefined) return undefined;
  return `[${bounds.min ?? '−∞'}, ${bounds.max ?? '+∞'}]`;
}

/** Item code → field key → the field's description, read from the rubric's document (the parsed rubric keeps none). */
function descriptions(document: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.code === 'string' && Array.isArray(o.fields)) {
        for (const f of o.fields as unknown[]) {
          const field = f as { key?: unknown; description?: unknown };
          if (typeof field.key === 'string' && typeof field.description === 'string') out.set(targetKey(o.code, field.key), field.description);
        }
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(document);
  return out;
}

/** Every checkpoint with a target field, in the rubric's order. */
export function targetGroups(rubric: Rubric, document: unknown): TargetGroup[] {
  const about = descriptions(document);
  const out: TargetGroup[] = [];
  for (const item of rubric.allItems) {
    const fields = item.fields.filter((f) => f.filledBy === 'target');
    if (fields.length === 0) continue;
    out.push({
      code: item.code,
      title: item.title,
      method: item.method,
      fields: fields.map((f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        unit: f.unit,
        values: f.values,
        range: f.type === 'number' || f.type === 'integer' ? rangeOf(f.bounds) : undefined,
        description: about.get(targetKey(item.code, f.key)),
      })),
    });
  }
  return out;
}

export const TARGET_STATE: Readonly<Record<TargetState | 'unfiled', { label: string; type: 'info' | 'success' | 'warning' | 'danger' }>> = {
  unfiled: { label: '未备案', type: 'info' },
  filed: { label: '待审核', type: 'warning' },
  approved: { label: '已批准', type: 'success' },
  returned: { label: '已退回', type: 'danger' },
};

export const targetOf = (filing: TargetFiling | null | undefined, item: string, field: string): FiledTarget | undefined => filing?.targets[item]?.[field];

export interface TargetCounts {
  readonly total: number;
  readonly unfiled: number;
  readonly filed: number;
  readonly approved: number;
  readonly returned: number;
}

/** How many of the rubric's targets a filing has in each state. */
export function countTargets(filing: TargetFiling, groups: readonly TargetGroup[]): TargetCounts {
  const c = { total: 0, unfiled: 0, filed: 0, approved: 0, returned: 0 };
  for (const g of groups) {
    for (const f of g.fields) {
      c.total++;
      c[targetOf(filing, g.code, f.key)?.state ?? 'unfiled']++;
    }
  }
  return c;
}

/** A target's value in words: 80 %, 是, 甲、乙. */
export function valueText(value: EvidenceValue | undefined, unit?: string): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.join('、') || '（无）';
  return unit ? `${value} ${unit}` : String(value);
}
