/**
 * What scoring produces, in engine form: exact numbers, and per unit one array per
 * kind of value (aligned with rubric.allItems) rather than an object per item, so
 * that assessing thousands of units stays cheap. `item-views.ts` gives the per-item view
 * (ItemResult) that reports, explanations and results.json are made from.
 */
import type { Adjustment, EvidenceDocument, FiledTargetDocument, PreparedEvidence } from './evidence/index.js';
import type { AssessmentContext, PopulationColumn } from './stages/population.js';
import type { Num } from './exact/index.js';
import type { TraceValues } from './logic/index.js';
import type { ContentHash } from './provenance/index.js';
import type { DerivedRead, FieldValue, Flag, Item, Veto } from './rubric/index.js';

export type ItemStatus = 'scored' | 'missing' | 'not_applicable';

export interface SectionResult {
  readonly code: string;
  readonly title: string;
  readonly max: Num;
  readonly score: Num;
  readonly weight?: Num;
}

/** One bonus group of one unit: what its items claim and what the group's cap lets count. */
export interface BonusGroupResult {
  readonly code: string;
  readonly title: string;
  readonly cap: Num;
  readonly claimed: Num;
  readonly bonus: Num;
}

export interface UnitResult {
  readonly unit: { readonly code: string; readonly name: string };
  /** The evidence as scored: with every derived read's value in its slot when the rubric has any (stages/population.ts). */
  readonly inputs: PreparedEvidence;
  /** Who each population statistic was computed over; null when the rubric reads none. */
  readonly context: AssessmentContext | null;
  /**
   * By item index: the score that counts (the computed score, or the examiner's
   * adjustment) as whole steps of the rubric's precision (230 is 2.30 points at
   * precision 2). item-views.ts gives them as exact values.
   */
  readonly steps: Float64Array;
  /** The engine's scores before any adjustment, likewise (the same array when nothing was adjusted). */
  readonly computedSteps: Float64Array;
  /**
   * Sub-expression values of every rule, by trace id, when the run recorded them.
   * When it did not, item-views.ts recomputes them on demand: rules are pure, so the
   * values are the same either way.
   */
  readonly trace: TraceValues | null;
  /** By veto index. */
  readonly vetoValues: unknown[];
  readonly vetoTriggered: boolean[];
  readonly sections: readonly SectionResult[];
  /** Stage values, in order: base → +bonus (capped) → −deductions (capped) → total (floored at 0). */
  readonly base: Num;
  readonly bonusClaimed: Num;
  /** After the groups' caps and the overall cap. */
  readonly bonus: Num;
  /** Per bonus group, when the rubric has groups. */
  readonly bonusGroups?: readonly BonusGroupResult[];
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

/** A unit's place in the ranking, beside (not copied into) its result. */
export interface RankedUnit {
  readonly result: UnitResult;
  readonly rank: number;
  /** Units sharing this rank (including this one), when more than one. */
  readonly tiedWith: readonly string[];
  readonly flags: readonly Flag[];
}

/** What one derived read gave one unit: the value (undefined: none), and for a statistic the units it is over. */
export interface DerivedValue {
  readonly read: DerivedRead;
  readonly value: unknown;
  readonly column?: PopulationColumn;
}

/** One item of one unit, as reports and explanations see it. */
export interface ItemResult {
  readonly item: Item;
  readonly status: ItemStatus;
  readonly adjusted: boolean;
  readonly score: Num;
  readonly computed: Num;
  readonly raw?: Num;
  readonly clamped?: Num;
  /** The values the rule read (given or default), by field key. */
  readonly data: Readonly<Record<string, FieldValue>>;
  readonly defaulted: readonly string[];
  /** The approved filed targets among `data` (fields declared `"filledBy": "target"`), with their provenance. */
  readonly filed: Readonly<Record<string, FiledTargetDocument>>;
  /** What the rule read across units and years (empty for most items). */
  readonly derived: readonly DerivedValue[];
  readonly missingFields: readonly string[];
  readonly selfScore?: Num;
  readonly adjustment?: Adjustment;
  readonly note?: string;
  readonly finding?: string;
  readonly trace: TraceValues | null;
}

export interface VetoResult {
  readonly veto: Veto;
  readonly triggered: boolean;
  readonly missing: boolean;
  readonly value: unknown;
  readonly data: Readonly<Record<string, FieldValue>>;
  readonly defaulted: readonly string[];
  /** The approved filed targets among `data` (fields declared `"filledBy": "target"`), with their provenance. */
  readonly filed: Readonly<Record<string, FiledTargetDocument>>;
  readonly missingFields: readonly string[];
  readonly note?: string;
  readonly finding?: string;
  readonly trace: TraceValues | null;
}

export interface AssessOptions {
  /** Engine version stamped on the result (the adapter reads it from package.json). */
  readonly engineVersion: string;
  /** The assessment year; must match the rubric's. */
  readonly year?: number;
  /** Date the assessment is as of (ISO yyyy-mm-dd), recorded, never read from a clock. */
  readonly asOf?: string;
  /** Record sub-expression values during the run (off by default: item-views.ts recomputes them when asked). */
  readonly trace?: boolean;
  /**
   * Last year's evidence, one document per unit (its year the rubric's year − 1), for
   * rules that read `previous`; a unit without one reads no value last year. Read only
   * when the rubric's rules read last year's values.
   */
  readonly previous?: readonly EvidenceDocument[];
}

export interface AssessmentResult {
  readonly rubricHash: ContentHash;
  readonly options: AssessOptions;
  /** Ranked order: rank, then the rubric's tied order. */
  readonly units: readonly RankedUnit[];
}
