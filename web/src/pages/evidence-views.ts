/** The rubric as the evidence form shows it: plain, non-reactive views built once from the core's parsed rubric. */
import type { Item, Rubric } from '../preview/preview';
import type { ItemView } from '../components/CheckpointCard.vue';
import type { FieldAsked } from '../components/FieldInput.vue';
import { conditionWords, isAskedByKey } from '../../../src/core/index.js';

type Field = Item['fields'][number];

/** How a form asks a conditional field: the core's own test and words, so the form and the engine agree. */
function askedOf(field: Field): FieldAsked | undefined {
  if (field.requiredWhen === undefined) return undefined;
  return { words: conditionWords(field), asked: (values) => isAskedByKey(field, values) };
}

/** Keys of the conditional fields that are not asked for these values but still hold one: a changed answer made them moot. */
export function unaskedKeys(fields: readonly { readonly key: string; readonly condition?: FieldAsked }[], values: Readonly<Record<string, unknown>>): string[] {
  return fields.filter((f) => f.condition !== undefined && !f.condition.asked(values) && values[f.key] !== undefined).map((f) => f.key);
}

export interface SectionView {
  readonly key: string;
  readonly title: string;
  readonly points: string;
  readonly groups: readonly { readonly code: string; readonly title: string; readonly items: readonly ItemView[] }[];
  readonly codes: readonly string[];
}

/** A core number (an integer, or an exact ratio whose text is its nearest double) at the rubric's precision. */
export function numText(value: unknown, precision: number): string {
  return Number(String(value)).toFixed(precision);
}

function rangeOf(bounds: { min?: number; max?: number }): string | undefined {
  if (bounds.min === undefined && bounds.max === undefined) return undefined;
  return `[${bounds.min ?? '−∞'}, ${bounds.max ?? '+∞'}]`;
}

export function itemView(rubric: Rubric, item: Item): ItemView {
  const p = rubric.precision;
  return {
    code: item.code,
    kind: item.kind,
    title: item.title,
    points: numText(item.points, p),
    cap: numText(item.cap, p) === numText(item.points, p) ? undefined : numText(item.cap, p),
    method: item.method,
    materials: item.materials,
    lead: item.lead,
    fields: item.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      unit: f.unit,
      values: f.values,
      range: f.type === 'number' || f.type === 'integer' ? rangeOf(f.bounds) : undefined,
      filledBy: f.filledBy,
      condition: askedOf(f),
    })),
    notApplicable: item.notApplicable ? { score: numText(item.notApplicable.score, p), when: item.notApplicable.when } : undefined,
  };
}

/** Sections → indicators → checkpoints, then the bonus and deduction items, each a tab of the form. */
export function sectionViews(rubric: Rubric): SectionView[] {
  const p = rubric.precision;
  const out: SectionView[] = rubric.sections.map((s) => {
    const groups =
      s.indicators.length > 0
        ? s.indicators.map((i) => ({ code: i.code, title: i.title, items: i.items.map((it) => itemView(rubric, it)) }))
        : [{ code: s.code, title: '', items: s.items.map((it) => itemView(rubric, it)) }];
    return { key: s.code, title: s.title, points: numText(s.points, p), groups, codes: s.items.map((i) => i.code) };
  });
  if (rubric.bonus && rubric.bonus.items.length > 0) {
    out.push({
      key: 'bonus',
      title: rubric.bonus.title,
      points: numText(rubric.bonus.cap, p),
      groups: [{ code: 'bonus', title: '', items: rubric.bonus.items.map((it) => itemView(rubric, it)) }],
      codes: rubric.bonus.items.map((i) => i.code),
    });
  }
  if (rubric.deductions && rubric.deductions.items.length > 0) {
    out.push({
      key: 'deductions',
      title: rubric.deductions.title,
      points: rubric.deductions.cap === undefined ? '' : numText(rubric.deductions.cap, p),
      groups: [{ code: 'deductions', title: '', items: rubric.deductions.items.map((it) => itemView(rubric, it)) }],
      codes: rubric.deductions.items.map((i) => i.code),
    });
  }
  return out;
}
