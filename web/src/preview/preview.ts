/**
 * The live preview: the scoring core (src/core), bundled for the browser, scores the
 * draft as it is typed. No second scoring logic: parseRubric, assessPrepared,
 * buildResults and explainItem are the functions `kaohe assess` and `kaohe explain` use,
 * so a point shown here is the point a run will give for the same values (before the
 * examiner's verification and adjustments).
 */
import {
  type EvidenceDocument,
  type Item,
  KaoheError,
  type Rubric,
  type UnitResultV1,
  assessPrepared,
  buildResults,
  explainItem,
  parseRubric,
  readEvidence,
} from '../../../src/core/index.js';
import { z } from 'zod';
import type { ApiProblem } from '../api/client';
import { itemCodeOf } from '../api/paths';
import type { SubmissionItem } from '../api/types';

export type { Item, Rubric };

// zod compiles fast parsers with new Function() unless told not to; the page's CSP (script-src 'self') forbids eval, so never try.
z.config({ jitless: true });

export interface Preview {
  readonly unit: UnitResultV1 | null;
  /** Item code → its result in the preview. */
  readonly items: ReadonlyMap<string, UnitResultV1['items'][number]>;
  /** Problems the core found in the draft (value out of range, wrong type…), by JSON path; those items are left out of the preview. */
  readonly problems: readonly ApiProblem[];
  /** Milliseconds the recompute took. */
  readonly ms: number;
}

export function loadRubric(document: unknown): Rubric {
  return parseRubric(document);
}

/**
 * Points at the rubric's precision, as every report prints them ("2.30"). The core's
 * results are already exact at that precision, so the double's fixed rendering is exact.
 */
export function pointsText(rubric: Rubric, value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(rubric.precision);
}

/** The sum of self-scores, exactly at the rubric's precision (in integer hundredths, not doubles). */
export function exactSum(rubric: Rubric, values: readonly number[]): number {
  const scale = 10 ** rubric.precision;
  return values.reduce((sum, v) => sum + Math.round(v * scale), 0) / scale;
}

/** The unit's approved targets (目标备案), as a run's evidence carries them. */
export type ApprovedTargets = NonNullable<EvidenceDocument['targets']>;

function evidenceOf(
  rubric: Rubric,
  unit: { code: string; name: string },
  items: Record<string, SubmissionItem>,
  selfTotal: number | undefined,
  targets: ApprovedTargets | undefined,
): EvidenceDocument {
  return {
    kaohe: 'evidence/v1',
    rubric: rubric.id,
    year: rubric.year,
    unit,
    ...(selfTotal === undefined ? {} : { selfTotal }),
    items,
    ...(targets === undefined ? {} : { targets }),
  };
}

/**
 * Scores the draft. Items whose values the core refuses are left out (scored as not
 * answered) and their problems returned, so one bad value never hides the rest.
 */
export function preview(
  rubric: Rubric,
  unit: { code: string; name: string },
  draft: Record<string, SubmissionItem>,
  selfTotal?: number,
  targets?: ApprovedTargets,
): Preview {
  const started = performance.now();
  const items: Record<string, SubmissionItem> = { ...draft };
  const problems: ApiProblem[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const evidence = evidenceOf(rubric, unit, items, selfTotal, targets);
    const { inputs, problems: found } = readEvidence(rubric, evidence);
    if (found.length === 0) {
      const assessment = assessPrepared(rubric, [inputs], { engineVersion: 'preview' });
      const result = buildResults(rubric, assessment, [evidence]).units[0] ?? null;
      return { unit: result, items: new Map((result?.items ?? []).map((i) => [i.code, i])), problems, ms: performance.now() - started };
    }
    let removed = false;
    for (const p of found) {
      problems.push({ path: p.path, code: p.code, message: p.message });
      const code = itemCodeOf(p.path);
      if (code !== null && Object.prototype.hasOwnProperty.call(items, code)) {
        delete items[code];
        removed = true;
      }
    }
    if (!removed) break;
  }
  return { unit: null, items: new Map(), problems, ms: performance.now() - started };
}

export function explain(rubric: Rubric, item: Item, result: UnitResultV1['items'][number] | undefined, unitName: string): string {
  if (result === undefined) return '';
  try {
    return explainItem(item, result, unitName, rubric.precision);
  } catch (e) {
    return e instanceof KaoheError ? e.message : String(e);
  }
}
