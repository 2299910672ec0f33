/**
 * Target filing (目标备案): at the start of the year each unit files its targets for
 * the fields the rubric declares `"filledBy": "target"`, and the examiner approves or
 * returns each with a reason. One record per unit and year, versioned like a
 * submission; an approved target is frozen.
 */
import type { EvidenceDocument } from '../core/index.js';
import { storedItems } from './stored-items.js';
import type { Versioned } from './types.js';

/** A target as evidence holds a value (checked against the field's declaration). */
export type TargetValue = number | boolean | string | readonly string[];

export type TargetState = 'filed' | 'approved' | 'returned';

/** One target of one unit: its value, where it stands, and who filed and decided it when. */
export interface FiledTarget {
  readonly value: TargetValue;
  readonly state: TargetState;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  /** Why it was returned (required then). */
  readonly reason?: string;
}

/** Item code → field key → target. */
export type FiledTargets = Readonly<Record<string, Readonly<Record<string, FiledTarget>>>>;

export interface TargetFilingRecord extends Versioned {
  readonly year: number;
  /** The assessing body's unit code when the cycle is not the tree root's (records/cycle-key.ts). */
  readonly body?: string;
  readonly unitCode: string;
  /** JSON text of the targets (FiledTargets): keys from the rubric are never read as database paths. */
  readonly targets: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The evidence's `targets` section: item code → field key → approved target with its provenance. */
export type EvidenceTargets = NonNullable<EvidenceDocument['targets']>;

/** A filing's targets (none when there is no filing, or its text is not a JSON object). */
export function filedTargetsOf(record: { readonly targets: string } | null | undefined): FiledTargets {
  return (record ? storedItems<Record<string, FiledTarget>>(record.targets) : null) ?? {};
}

/**
 * The approved targets of a filing as a run's evidence carries them (core/evidence/schema.ts),
 * in code and key order; filed and returned ones are left out (only an approved target is
 * ever scored). Undefined when none is approved, so that the unit's evidence has no
 * `targets` at all. Pure: the service adds this to a run's evidence, and an audit replay
 * can check the evidence against the filing the same way.
 */
export function approvedTargets(record: { readonly targets: string } | null | undefined): EvidenceTargets | undefined {
  return approvedOf(filedTargetsOf(record));
}

/** The same projection from targets already parsed (as GET …/targets/:unit sends them). */
export function approvedOf(stored: FiledTargets): EvidenceTargets | undefined {
  const section: Record<string, Record<string, EvidenceTargets[string][string]>> = {};
  for (const code of Object.keys(stored).sort()) {
    if (code === '__proto__') continue;
    const fields = stored[code] ?? {};
    for (const key of Object.keys(fields).sort()) {
      const t = fields[key];
      if (key === '__proto__' || t?.state !== 'approved' || t.decidedAt === undefined || t.decidedBy === undefined) continue;
      (section[code] ??= {})[key] = {
        value: t.value as EvidenceTargets[string][string]['value'],
        filedAt: t.filedAt,
        approvedAt: t.decidedAt,
        approvedBy: t.decidedBy,
      };
    }
  }
  return Object.keys(section).length > 0 ? section : undefined;
}
