/**
 * What scoring produces, in engine form (exact numbers, raw trace values). The
 * published form, results.json, is made from these by `results/` without computing
 * anything new.
 */
import type { ItemInput } from './evidence/index.js';
import type { Num } from './exact/index.js';
import type { TraceValues } from './logic/index.js';
import type { ContentHash } from './provenance/index.js';
import type { Flag, Item, Veto } from './rubric/index.js';

export type ItemStatus = 'scored' | 'missing' | 'not_applicable';

export interface ItemResult {
  readonly item: Item;
  readonly input: ItemInput;
  readonly status: ItemStatus;
  /** An examiner's adjustment replaced the computed score. */
  readonly adjusted: boolean;
  /** The score that counts: the computed score, or the examiner's adjustment. */
  readonly score: Num;
  /** The engine's score before any adjustment. */
  readonly computed: Num;
  /** The rule's own result, before clamping and rounding (absent when the rule did not run). */
  readonly raw?: Num;
  /** The value after clamping to [0, cap], before rounding. */
  readonly clamped?: Num;
  readonly trace: TraceValues | null;
}

export interface VetoResult {
  readonly veto: Veto;
  readonly input: ItemInput;
  readonly triggered: boolean;
  readonly value: unknown;
  readonly trace: TraceValues | null;
}

export interface SectionResult {
  readonly code: string;
  readonly title: string;
  readonly max: Num;
  readonly score: Num;
  readonly weight?: Num;
}

export interface UnitResult {
  readonly unit: { readonly code: string; readonly name: string };
  readonly checkpoints: readonly ItemResult[];
  readonly bonusItems: readonly ItemResult[];
  readonly deductionItems: readonly ItemResult[];
  readonly vetoes: readonly VetoResult[];
  readonly sections: readonly SectionResult[];
  /** Stage values, in order: base → +bonus (capped) → −deductions (capped) → total (floored at 0). */
  readonly base: Num;
  readonly bonusClaimed: Num;
  readonly bonus: Num;
  readonly deductionsClaimed: Num;
  readonly deductions: Num;
  readonly total: Num;
  readonly vetoed: boolean;
  /** The result the score alone earns, before any veto. */
  readonly scoreGrade: string;
  /** The result that counts. */
  readonly grade: string;
  readonly selfTotal?: Num;
}

export interface RankedUnit extends UnitResult {
  readonly rank: number;
  /** Units sharing this rank (including this one), when more than one. */
  readonly tiedWith: readonly string[];
  readonly flags: readonly Flag[];
}

export interface AssessOptions {
  /** Engine version stamped on the result (the adapter reads it from package.json). */
  readonly engineVersion: string;
  /** The assessment year; must match the rubric's. */
  readonly year?: number;
  /** Date the assessment is as of (ISO yyyy-mm-dd), recorded, never read from a clock. */
  readonly asOf?: string;
  /** Record sub-expression values for every rule (on by default; benchmarks can measure both). */
  readonly trace?: boolean;
}

export interface AssessmentResult {
  readonly rubricHash: ContentHash;
  readonly options: AssessOptions;
  /** Ranked order: rank, then the rubric's tied order. */
  readonly units: readonly RankedUnit[];
}
