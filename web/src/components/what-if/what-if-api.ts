/** The what-if endpoints (src/api/routes/unit-what-if.ts): what would it take, and the editor's inputs. Computed by the server, never stored. */
import type { EvidenceDocument } from '../../../../src/core/index.js';
import { api } from '../../api/client';
import type { OtherStanding } from './standing';

export type { OtherStanding };

const enc = encodeURIComponent;

export type WhatIfGoal = 'grade' | 'flag' | `places:${number}`;
export type WhatIfValue = number | boolean | string;

export interface WhatIfStanding {
  readonly total: number;
  readonly rank: number;
  readonly grade: string;
  readonly flags: readonly { readonly code: string; readonly label: string }[];
}

export interface WhatIfChange {
  readonly item: string;
  readonly itemTitle: string;
  readonly field: string;
  readonly label: string;
  readonly unit?: string;
  readonly from: WhatIfValue | null;
  readonly to: WhatIfValue;
  readonly points: number;
}

export interface WhatItTakesAnswer {
  readonly runId: string;
  readonly unit: { readonly code: string; readonly name: string };
  readonly goal: WhatIfGoal;
  readonly target?: string;
  readonly flag?: { readonly code: string; readonly label: string };
  readonly units: number;
  readonly reached: boolean;
  readonly before: WhatIfStanding;
  readonly after?: WhatIfStanding;
  readonly changes: readonly WhatIfChange[];
}

export interface WhatIfInputs {
  readonly runId: string;
  readonly rubricHash: string;
  readonly evidence: EvidenceDocument;
  readonly previous?: EvidenceDocument;
  readonly others: readonly OtherStanding[];
  readonly published: WhatIfStanding & { readonly vetoed: boolean };
}

const base = (cycle: string, run: string, unit: string) => `/cycles/${cycle}/runs/${enc(run)}/units/${enc(unit)}/what-if`;

export const whatIfApi = {
  answer: (cycle: string, run: string, unit: string, goal: WhatIfGoal) => api.get<WhatItTakesAnswer>(`${base(cycle, run, unit)}?goal=${enc(goal)}`),
  inputs: (cycle: string, run: string, unit: string) => api.get<WhatIfInputs>(`${base(cycle, run, unit)}/inputs`),
};

/** A value as the cards and the editor print it: 是/否, a set joined, （未填） for none. */
export function valueText(value: WhatIfValue | readonly string[] | null | undefined, unit?: string): string {
  if (value === undefined || value === null) return '（未填）';
  if (value === true) return '是';
  if (value === false) return '否';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.join('、');
  return unit === undefined || unit === '' ? String(value) : `${String(value)} ${unit}`;
}

/** "+2.80", "−1.00", "0.00". */
export function signedPoints(points: number, precision: number): string {
  if (points === 0) return (0).toFixed(precision);
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(precision)}`;
}
