/**
 * What the uncertainty worker is given (a job: texts and a plain spec; a parsed rubric
 * holds closures and cannot cross) and what it sends back: first its plan or why the spec
 * is refused, then the outcome or why it failed, then the workbook. The files cross as bytes.
 */
import type { Problem } from '../../core/index.js';
import type { UncertaintyJob, UncertaintyOutcome, UncertaintyPlan } from '../../services/analysis/run-uncertainty.js';

export type WorkerInput = UncertaintyJob;

export type Reply =
  | { readonly kind: 'plan'; readonly plan: UncertaintyPlan }
  | { readonly kind: 'refused'; readonly problems: readonly Problem[] }
  | { readonly kind: 'done'; readonly outcome: Omit<UncertaintyOutcome, 'xlsx'> }
  /** After 'done': the workbook (exceljs takes half a second to load, so the figures do not wait for it), or null. */
  | { readonly kind: 'workbook'; readonly xlsx: Uint8Array | null }
  | { readonly kind: 'failed'; readonly message: string };
