/**
 * Seeded evidence for many units against a rubric: every field gets a value on its
 * grid inside its declared range; a few items are left missing or declared 不涉及.
 */
import { type EvidenceDocument, type Rubric, isAskedByKey, seededRandom } from '../src/core/index.js';
import type { Field } from '../src/core/rubric/index.js';
import { toNumber } from '../src/core/exact/index.js';

type Value = number | boolean | string | string[];

function valueFor(field: Field, random: () => number): Value {
  switch (field.type) {
    case 'boolean':
      return random() < 0.7;
    case 'enum': {
      const values = field.values ?? [];
      return values[Math.floor(random() * values.length)] as string;
    }
    case 'set':
      return (field.values ?? []).filter(() => random() < 0.75);
    default: {
      const low = field.min === undefined ? 0 : toNumber(field.min);
      const high = field.max === undefined ? 1000 : toNumber(field.max);
      const step = field.type === 'integer' ? 1 : field.step === undefined ? 0.1 : toNumber(field.step);
      // Skewed towards the top of the range, as real performance data is.
      const share = 1 - random() ** 3;
      const steps = Math.floor(((high - low) * share) / step + 1e-9);
      return Number((low + steps * step).toFixed(6));
    }
  }
}

export function generateEvidence(rubric: Rubric, units: number, seed: number): EvidenceDocument[] {
  const random = seededRandom(seed);
  const documents: EvidenceDocument[] = [];
  for (let u = 0; u < units; u++) {
    const items: EvidenceDocument['items'] = {};
    const all = [...rubric.items.values(), ...rubric.vetoes];
    for (const item of all) {
      if ('notApplicable' in item && item.notApplicable && random() < 0.1) {
        items[item.code] = { values: {}, notApplicable: true };
        continue;
      }
      const values: Record<string, Value> = {};
      for (const field of item.fields) {
        if (field.default !== undefined && random() < 0.5) continue;
        if (field.required && random() < 0.01) continue; // missing evidence
        if (item.code.startsWith('GV') || rubric.vetoes.some((v) => v.code === item.code)) {
          values[field.key] = field.type === 'boolean' ? random() < 0.005 : valueFor(field, random);
          continue;
        }
        values[field.key] = valueFor(field, random);
      }
      // A conditional field the answers do not ask for has no value (drawing nothing, so other rubrics' evidence is unchanged).
      for (const field of item.fields) if (field.requiredWhen !== undefined && !isAskedByKey(field, values)) delete values[field.key];
      items[item.code] = { values };
    }
    const code = String(100000 + u);
    documents.push({ kaohe: 'evidence/v1', rubric: rubric.id, year: rubric.year, unit: { code, name: `单位${code}` }, items });
  }
  // Real evidence arrives as parsed JSON (files, API bodies, database documents).
  return JSON.parse(JSON.stringify(documents)) as EvidenceDocument[];
}
