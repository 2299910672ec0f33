/**
 * What crosses the process boundary when reports are made in a child process: plain data
 * only. A parsed rubric holds compiled closures, so its document travels instead, with
 * the hash the results name (the document re-parsed is the same rubric; its own hash
 * would be of the document with defaults filled in, not of the file as published).
 *
 * Nothing large crosses in one message, because the server serialises and deserialises
 * each message on its event loop: an input's units go first, a few at a time ('units'),
 * then the request with the results' frame (units: []); the files come back one per
 * message ('file'), then 'done'. A set's units go as the texts the service read ('texts'),
 * which the child parses: a string crosses as its bytes, where a parsed unit would be
 * walked field by field on both sides.
 */
import type { ResultsV1, UnitResultV1 } from '../../core/index.js';
import type { ContentHash } from '../../core/provenance/hash.js';
import type { RubricDocument } from '../../core/rubric/index.js';
import type { EvaluatorNote, UnitGroups } from '../../report/index.js';
import type { UncertaintyFileV1 } from '../../analysis/index.js';

/** A report input without its units (they came in 'units' messages before it). */
export interface InputFrame {
  readonly results: ResultsV1;
  readonly previous?: ResultsV1;
  readonly rubric?: { readonly document: RubricDocument; readonly hash: ContentHash };
  readonly notes?: readonly EvaluatorNote[];
  readonly groups?: UnitGroups;
  readonly uncertainty?: UncertaintyFileV1;
}

export type Request =
  | { readonly kind: 'units'; readonly id: number; readonly of: 'results' | 'previous'; readonly units: readonly UnitResultV1[] }
  /** Units' entries of results.units as stored texts (report/unit-texts.ts). */
  | { readonly kind: 'texts'; readonly id: number; readonly of: 'results' | 'previous'; readonly texts: readonly string[] }
  /** Every file of the set but report.pdf, from the texts sent before it; `slim`: parse them without traces. */
  | { readonly kind: 'set'; readonly id: number; readonly input: InputFrame; readonly slim: boolean }
  /** One unit's scorecard page. */
  | { readonly kind: 'scorecard'; readonly id: number; readonly input: InputFrame; readonly unit: string }
  /** One unit's chart (chart-unit-<code>.png). */
  | { readonly kind: 'chart'; readonly id: number; readonly input: InputFrame; readonly unit: string }
  /** report.pdf printed from report.html (Chromium is started by the child, so it shares its low priority). */
  | { readonly kind: 'pdf'; readonly id: number; readonly html: string; readonly asOf?: string };

export type Reply =
  | { readonly kind: 'file'; readonly id: number; readonly name: string; readonly content: string | Uint8Array }
  | { readonly kind: 'done'; readonly id: number; readonly warnings: readonly string[] }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
