/**
 * The analysis of how sure each rank is, as `kaohe report --uncertainty` and `kaohe assess
 * --uncertainty` give it to the report set: read from an uncertainty/v1 file and checked to
 * be of the same results, or run on the evidence just scored with a spec file. A bad file is
 * refused naming the file and the field, before anything is written.
 */
import { readJson } from '../adapters/files/read-json.js';
import { InputError } from '../adapters/files/input-error.js';
import {
  type UncertaintyFileV1,
  type UncertaintySpec,
  UncertaintySpecError,
  analyseUncertainty,
  parseUncertaintyFile,
  parseUncertaintySpec,
  uncertaintyFile,
} from '../analysis/index.js';
import { type AssessOptions, type PreparedEvidence, type ResultsV1, type Rubric, evidenceSetHash } from '../core/index.js';
import { MISMATCH_ADVICE, uncertaintyMismatch } from '../report/index.js';

/** The file written beside results.json by `kaohe assess --uncertainty`, for `kaohe report --uncertainty`. */
export const UNCERTAINTY_FILE = 'uncertainty.json';

export function loadUncertainty(file: string, results: ResultsV1): UncertaintyFileV1 {
  let analysis: UncertaintyFileV1;
  try {
    analysis = parseUncertaintyFile(readJson(file));
  } catch (error) {
    if (error instanceof UncertaintySpecError) throw new InputError([{ file, problems: error.problems }], '不确定性分析文件（uncertainty/v1）有误');
    throw error;
  }
  const problems = uncertaintyMismatch(results, analysis);
  if (problems.length > 0) throw new InputError([{ file, problems }], MISMATCH_ADVICE);
  return analysis;
}

/** The spec of `kaohe assess --uncertainty`, read before anything is scored so that a bad one costs nothing. */
export function loadUncertaintySpec(file: string): UncertaintySpec {
  try {
    return parseUncertaintySpec(readJson(file));
  } catch (error) {
    if (error instanceof UncertaintySpecError) throw new InputError([{ file, problems: error.problems }], '不确定性设定有误');
    throw error;
  }
}

/**
 * The analysis of the units just scored, with the same options as the published scoring.
 * A spec that names an item or field the rubric lacks is refused here, naming its file.
 */
export function analyseWithSpec(
  specFile: string,
  spec: UncertaintySpec,
  rubric: Rubric,
  prepared: readonly PreparedEvidence[],
  options: AssessOptions,
): UncertaintyFileV1 {
  try {
    return uncertaintyFile(rubric, spec, analyseUncertainty(rubric, prepared, spec, options), evidenceSetHash(prepared.map((p) => p.evidence)));
  } catch (error) {
    if (error instanceof UncertaintySpecError) throw new InputError([{ file: specFile, problems: error.problems }], '不确定性设定有误');
    throw error;
  }
}
