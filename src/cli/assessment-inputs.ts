/**
 * What the commands that score a whole assessment read, with kaohe assess's defaults: the
 * rubric (the newest Gansu one), its seeds' evidence folder, and the province's register
 * when the default folder is used (units without evidence count as missing everything).
 */
import { evidenceFiles, loadEvidence, loadRubric } from '../adapters/files/load.js';
import { loadUnits } from '../adapters/files/units.js';
import type { PreparedEvidence, Rubric } from '../core/index.js';
import { DEFAULT_UNITS, defaultEvidenceDir, isBodySeeds, newestRubricFile } from './defaults.js';
import { withRegister } from './unit-register.js';

export interface AssessmentInputs {
  readonly rubric: Rubric;
  readonly rubricFile: string;
  readonly evidenceDir: string;
  readonly prepared: PreparedEvidence[];
}

export function loadAssessmentInputs(options: { readonly rubric?: string; readonly evidence?: string; readonly units?: string }): AssessmentInputs {
  const rubricFile = options.rubric ?? newestRubricFile();
  const rubric = loadRubric(rubricFile);
  const evidenceDir = options.evidence ?? defaultEvidenceDir(rubric);
  const unitsFile = options.units ?? (options.evidence === undefined && !isBodySeeds(evidenceDir) ? DEFAULT_UNITS : undefined);
  const prepared = loadEvidence(rubric, evidenceFiles(evidenceDir));
  return { rubric, rubricFile, evidenceDir, prepared: unitsFile === undefined ? prepared : withRegister(rubric, loadUnits(unitsFile), prepared, unitsFile) };
}
