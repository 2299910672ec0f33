/**
 * results.json, version 1: the published, self-describing form of an assessment.
 * Every number is exact at the rubric's precision (a JSON number whose text is the
 * decimal); reports and auditors read this and compute nothing it does not contain.
 */
import type { ContentHash } from '../provenance/index.js';
import type { TraceEvent } from '../trace/events.js';

export interface ItemResultV1 {
  code: string;
  kind: 'checkpoint' | 'bonus' | 'deduction';
  title: string;
  section?: string;
  indicator?: string;
  /** A bonus item's group, when the rubric has bonus groups. */
  group?: string;
  task?: number;
  key?: boolean;
  max: number;
  cap?: number;
  score: number;
  /** The engine's score when an adjustment replaced it. */
  computed?: number;
  selfScore?: number;
  status: 'scored' | 'missing' | 'not_applicable';
  missing: boolean;
  missingFields?: string[];
  adjustment?: { score: number; justification: string; by?: string };
  note?: string;
  finding?: string;
  trace: TraceEvent[];
}

export interface VetoResultV1 {
  code: string;
  title: string;
  result: string;
  triggered: boolean;
  missing: boolean;
  trace: TraceEvent[];
}

export interface UnitResultV1 {
  rank: number;
  code: string;
  name: string;
  total: number;
  grade: string;
  scoreGrade: string;
  vetoed: boolean;
  /** Codes of every unit sharing this rank, this one included; empty when the rank is not shared. */
  tiedWith: string[];
  flags: { code: string; label: string; obligation?: string }[];
  base: number;
  bonusClaimed: number;
  bonus: number;
  /** Per bonus group (its items' claim and what its cap lets count), when the rubric has groups. */
  bonusGroups?: { code: string; title: string; cap: number; claimed: number; bonus: number }[];
  deductionsClaimed: number;
  deductions: number;
  selfTotal?: number;
  sections: { code: string; title: string; max: number; score: number; weight?: number }[];
  missingItems: string[];
  evidenceHash: ContentHash;
  /** The hash of the unit's evidence last year, when the rules read it and the unit had some. */
  previousEvidenceHash?: ContentHash;
  items: ItemResultV1[];
  vetoes: VetoResultV1[];
}

export interface ResultsV1 {
  kaohe: 'results/v1';
  engine: { name: 'kaohe'; version: string };
  rubric: { id: string; version: string; year: number; title: string; hash: ContentHash; total: number; precision: number; rounding: string };
  year: number;
  asOf?: string;
  evidenceHash: ContentHash;
  /** Hash of last year's evidence hashes by unit (as evidenceHash), when the rules read last year's values. */
  previousEvidenceHash?: ContentHash;
  summary: {
    units: number;
    grades: { grade: string; count: number; units: string[] }[];
    vetoed: string[];
    ties: string[][];
    flags: { code: string; label: string; units: string[] }[];
  };
  units: UnitResultV1[];
}
