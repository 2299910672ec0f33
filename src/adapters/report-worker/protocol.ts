/**
 * What crosses the process boundary when a report set is made in a child process: plain data
 * only. A parsed rubric holds compiled closures, so its document travels instead, with
 * the hash the results name (the document re-parsed is the same rubric; its own hash
 * would be of the document with defaults filled in, not of the file as published).
 */
import type { ResultsV1 } from '../../core/index.js';
import type { ContentHash } from '../../core/provenance/hash.js';
import type { RubricDocument } from '../../core/rubric/index.js';
import type { EvaluatorNote, UnitGroups } from '../../report/index.js';
import type { RenderedSet } from '../../services/reports/reports.js';

export interface SetRequest {
  readonly id: number;
  readonly results: ResultsV1;
  readonly previous?: ResultsV1;
  readonly rubric?: { readonly document: RubricDocument; readonly hash: ContentHash };
  readonly notes?: readonly EvaluatorNote[];
  readonly groups?: UnitGroups;
}

export type SetReply =
  { readonly id: number; readonly ok: true; readonly set: RenderedSet } | { readonly id: number; readonly ok: false; readonly message: string };
