/**
 * The fixture of the tests at scale (reports, runs and run pages of a few hundred units):
 * the first county-level units of the country's tree in code order (北京市's districts,
 * 天津市's, then 河北省's cities' counties, so that several cities are present), and each
 * unit's generated evidence stored as its submission. Each test then scores, reviews or
 * browses them its own way.
 */
import { generateEvidence } from '../../bench/generate-evidence.js';
import { CHINA_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { type EvidenceItemDocument, splitEvidence } from '../../src/records/index.js';
import { gansuRubric, storeSubmission } from '../integration/review-run-support.js';
import type { TestService } from './service.js';

/** The country's tree (for the service's unitTree) and its first `count` county-level codes. */
export function treeCounties(count: number) {
  const { tree, source } = loadUnitTree(CHINA_UNIT_TREE);
  const codes = tree.units
    .filter((u) => u.level === 'county')
    .slice(0, count)
    .map((u) => u.code);
  return { codes, unitTree: { tree, asOf: source.asOf } };
}

export interface CountyEvidenceOptions {
  /** Seeds generateEvidence: tests differ in it so that their rankings differ. */
  readonly seed: number;
  /** Units left without a submission (未填报), by their index in `codes`. */
  readonly skip?: (index: number) => boolean;
  /** Stores the examiners' part of a unit's evidence, when the test wants it reviewed (through the API, as examiners do). */
  readonly review?: (code: string, items: Record<string, EvidenceItemDocument>) => Promise<void>;
}

/** Each unit's part of generated gansu-2015 1.0.0 evidence stored as submitted, and its review part given to `review`. */
export async function storeCountyEvidence(
  service: Pick<TestService, 'stores' | 'clock'>,
  codes: readonly string[],
  options: CountyEvidenceOptions,
): Promise<void> {
  const rubric = gansuRubric();
  const evidence = generateEvidence(rubric, codes.length, options.seed);
  for (const [i, code] of codes.entries()) {
    if (options.skip?.(i)) continue;
    const { submitted, review } = splitEvidence(rubric, evidence[i]?.items ?? {});
    await storeSubmission(service, code, submitted);
    if (options.review && Object.keys(review).length > 0) await options.review(code, review);
  }
}
