/**
 * The parsed rubric the engine runs: the document's numbers as exact values, rules
 * compiled once, items flattened with their place in the tree.
 */
import type { Num, RoundingMode } from '../exact/index.js';
import type { CompiledRule } from '../logic/index.js';
import type { FixedRule } from '../logic/fixed-point.js';
import type { DerivedKind, Statistic } from '../logic/derived.js';
import type { DecisionTable } from './decision-table.js';
import type { ContentHash } from '../provenance/index.js';
import type { FieldType, RubricDocument } from './schema.js';

export type FieldValue = Num | boolean | string | readonly string[] | null;

export interface Field {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly unit?: string;
  readonly min?: Num;
  readonly max?: Num;
  /** min and max as the document's doubles, for the range check on every value. */
  readonly bounds: { readonly min?: number; readonly max?: number };
  readonly step?: Num;
  readonly values?: readonly string[];
  /** Without a value (and no default) the item is missing. False for a conditional field: see requiredWhen. */
  readonly required: boolean;
  /** A conditional field: asked, and then required, only when every condition holds (conditions.ts). */
  readonly requiredWhen?: readonly FieldCondition[];
  readonly default?: FieldValue;
  /** `target`: the unit's approved filed target (目标备案), read from the evidence's `targets`, never from its values. */
  readonly filledBy: FilledBy;
  readonly path: string;
  /** Index of this field's value in a unit's flat values array. */
  readonly slot: number;
}

/** One condition of a conditional field: another field of the same item has one of these values. */
export interface FieldCondition {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly slot: number;
  readonly values: readonly FieldValue[];
}

export type FilledBy = 'unit' | 'examiner' | 'target';

/**
 * A value an item's rule reads beyond the unit's own evidence for this year
 * (logic/derived.ts): a statistic of one of its fields over every unit of the
 * assessment, or the unit's value of one of its fields last year. The engine fills
 * its slot before scoring (stages/population.ts).
 */
export interface DerivedRead {
  /** Position in `Rubric.derivedReads`. */
  readonly index: number;
  readonly kind: DerivedKind;
  /** The item whose rule reads it (its index in `Rubric.allItems`). */
  readonly item: number;
  readonly field: Field;
  /** For `population` reads. */
  readonly statistic?: Statistic;
  /** Where the value sits in a unit's values array, after the fields' slots of its item. */
  readonly slot: number;
}

/** A bonus group (加分组): its items' points together count up to its cap. */
export interface BonusGroup {
  readonly code: string;
  readonly title: string;
  readonly cap: Num;
  readonly items: readonly Item[];
}

export type ItemKind = 'checkpoint' | 'bonus' | 'deduction';

export interface Item {
  /** Position in `Rubric.allItems`. */
  readonly index: number;
  readonly kind: ItemKind;
  readonly code: string;
  readonly title: string;
  /** Nominal points (分值). */
  readonly points: Num;
  /** Most the item can yield: `cap` when declared, else its points. */
  readonly cap: Num;
  readonly method: string;
  readonly materials: readonly string[];
  readonly lead: readonly string[];
  readonly cooperate: readonly string[];
  readonly task?: number;
  readonly key: boolean;
  readonly fields: readonly Field[];
  readonly fieldsByKey: ReadonlyMap<string, Field>;
  readonly rule: CompiledRule;
  /** What the rule reads across units and years, in the order it first reads them (usually none). */
  readonly derivedReads: readonly DerivedRead[];
  /** The same rule on fixed-point integers (logic/fixed-point.ts), or null when it needs the exact evaluator. */
  readonly fixed: FixedRule | null;
  /** `cap` as a fixed-point integer, for the fixed-point path. */
  readonly capScaled: number;
  /** The rule tabulated over its fields' finite domains (decision-table.ts), or null. */
  readonly table: DecisionTable | null;
  readonly notApplicable?: { readonly score: Num; readonly when?: string };
  readonly sectionCode?: string;
  readonly indicatorCode?: string;
  readonly path: string;
}

export interface Indicator {
  readonly code: string;
  readonly title: string;
  readonly items: readonly Item[];
}

export interface Section {
  readonly code: string;
  readonly title: string;
  readonly points: Num;
  readonly weight?: Num;
  readonly indicators: readonly Indicator[];
  readonly items: readonly Item[];
}

export interface Veto {
  /** Position in `Rubric.vetoes`. */
  readonly index: number;
  readonly code: string;
  readonly title: string;
  readonly method: string;
  readonly basis?: string;
  readonly fields: readonly Field[];
  readonly fieldsByKey: ReadonlyMap<string, Field>;
  readonly rule: CompiledRule;
  readonly result: string;
  readonly path: string;
}

export interface Grade {
  readonly grade: string;
  readonly min?: Num;
  readonly label?: string;
  /** The band in words, boundaries included (lint checks them against the numbers). */
  readonly text?: string;
  readonly consequence?: string;
}

export interface Flag {
  readonly code: string;
  readonly kind: 'bottom';
  readonly count: number;
  readonly label: string;
  readonly obligation?: string;
}

export interface Rubric {
  readonly document: RubricDocument;
  /** Hash of the canonical JSON of the rubric file as published. */
  readonly hash: ContentHash;
  readonly id: string;
  readonly version: string;
  readonly year: number;
  readonly title: string;
  readonly total: Num;
  readonly precision: number;
  readonly rounding: RoundingMode;
  readonly aggregation: 'sum' | 'weighted';
  readonly sections: readonly Section[];
  readonly checkpoints: readonly Item[];
  /**
   * `cap` is the most bonus a unit can receive: the document's cap, or with groups and
   * no overall cap the sum of the groups' caps (the lower of the two when both are set).
   * Each group caps its own items first (stages/totals.ts).
   */
  readonly bonus?: {
    readonly title: string;
    readonly cap: Num;
    /** Whether the document sets a cap over all groups (always, without groups). */
    readonly overallCap: boolean;
    readonly groups: readonly BonusGroup[];
    readonly items: readonly Item[];
  };
  readonly deductions?: { readonly title: string; readonly cap?: Num; readonly items: readonly Item[] };
  readonly vetoes: readonly Veto[];
  readonly result: { readonly grades: readonly Grade[]; readonly veto: string; readonly rule?: CompiledRule };
  readonly ranking: RubricDocument['ranking'];
  readonly flags: readonly Flag[];
  /** What an uncertainty analysis varies unless its spec says otherwise (issue 13), as declared. */
  readonly uncertainty?: RubricDocument['uncertainty'];
  /** Every checkpoint, bonus and deduction item by code. */
  readonly items: ReadonlyMap<string, Item>;
  /** The same items in document order: checkpoints, bonus items, deduction items. */
  readonly allItems: readonly Item[];
  /** Every item's derived reads; empty for a rubric whose rules read only each unit's own evidence. */
  readonly derivedReads: readonly DerivedRead[];
  /** Length of a unit's flat values array: one slot per field of every item and veto, and per derived read. */
  readonly slotCount: number;
  /** Length of a unit's flat trace array: one entry per traced node of every rule. */
  readonly traceSize: number;
}
