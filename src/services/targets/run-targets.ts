/**
 * What a run needs of target filing: each unit's approved targets as the evidence's
 * `targets` section (core/evidence/schema.ts), with their provenance (filed when,
 * approved when and by whom), for the run's evidence documents. Filed, returned and
 * unknown targets are left out: only an approved target is ever scored. Units without
 * an approved target have no entry, so that a run of a rubric without target fields
 * scores exactly the documents it did before.
 */
import type { EvidenceDocument } from '../../core/index.js';
import { type CycleKey, type EvidenceTargets, approvedTargets } from '../../records/index.js';
import type { Stores } from '../ports.js';

export type { EvidenceTargets };

/** Unit code → its approved targets, for a run of the cycle. */
export async function runTargets(stores: Stores, key: CycleKey): Promise<Map<string, EvidenceTargets>> {
  const out = new Map<string, EvidenceTargets>();
  for (const filing of await stores.targets.list(key)) {
    const section = approvedTargets(filing);
    if (section !== undefined) out.set(filing.unitCode, section);
  }
  return out;
}

/** A unit's evidence document with its approved targets, or the document itself when it has none. */
export function withTargets(doc: EvidenceDocument, targets: ReadonlyMap<string, EvidenceTargets>): EvidenceDocument {
  const own = targets.get(doc.unit.code);
  return own === undefined ? doc : { ...doc, targets: own };
}
