/**
 * The what-if editor's scoring: the unit's evidence as the run scored it, with the values
 * changed in the page, scored by the exact core (the functions `kaohe assess` runs) on
 * every change, in the page. An item whose changed value the core refuses (out of range,
 * off its step) is scored with the run's values instead and its message shown at the
 * field: the same Chinese message the evidence form gives, since both come from
 * readEvidence.
 */
import { type EvidenceDocument, type Rubric, type UnitResultV1, assessPrepared, buildResults, readEvidence } from '../../../../src/core/index.js';
import { formFieldOf, itemCodeOf } from '../../api/paths';
import type { EvidenceValue } from '../../api/types';

/** Item code → field key → the value typed in the page (undefined: emptied). */
export type Edits = ReadonlyMap<string, ReadonlyMap<string, EvidenceValue | undefined>>;

export interface Rescored {
  readonly unit: UnitResultV1 | null;
  /** Form key (`Q01.2/values/manufacturingPassRate`) → the core's message. */
  readonly errors: Readonly<Record<string, string>>;
  /** Items scored with the run's values because a changed value was refused. */
  readonly refused: ReadonlySet<string>;
}

/** The document with the edits of every item not in `skip`. The original is never changed. */
export function editedEvidence(evidence: EvidenceDocument, edits: Edits, skip: ReadonlySet<string> = new Set()): EvidenceDocument {
  const items = { ...evidence.items };
  for (const [code, fields] of edits) {
    if (skip.has(code) || fields.size === 0) continue;
    const entry = items[code] ?? {};
    const values: Record<string, unknown> = { ...entry.values };
    for (const [key, value] of fields) {
      if (value === undefined || value === null) delete values[key];
      else values[key] = value;
    }
    items[code] = { ...entry, values: values as NonNullable<typeof entry.values> };
  }
  return { ...evidence, items };
}

export function rescore(rubric: Rubric, evidence: EvidenceDocument, edits: Edits, previous?: EvidenceDocument): Rescored {
  const errors: Record<string, string> = {};
  const refused = new Set<string>();
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = editedEvidence(evidence, edits, refused);
    const { inputs, problems } = readEvidence(rubric, doc);
    if (problems.length === 0) {
      const options = { engineVersion: 'what-if', year: rubric.year, ...(previous !== undefined && { previous: [previous] }) };
      const unit = buildResults(rubric, assessPrepared(rubric, [inputs], options), [doc]).units[0] ?? null;
      return { unit, errors, refused };
    }
    let more = false;
    for (const p of problems) {
      const key = formFieldOf(p.path);
      if (key !== null) errors[key] = errors[key] ? `${errors[key]}；${p.message}` : p.message;
      const code = itemCodeOf(p.path);
      if (code !== null && edits.has(code) && !refused.has(code)) {
        refused.add(code);
        more = true;
      }
    }
    if (!more) break;
  }
  return { unit: null, errors, refused };
}
