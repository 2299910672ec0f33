/**
 * The use cases, composed over the ports. Each service enforces who may do what;
 * the HTTP layer only parses, calls and responds. The adapters behind the ports are
 * chosen in one place, src/compose.ts.
 *
 * One folder per feature: access (who is asking: users, sign-in, tokens), rubrics
 * (checking, publishing, the parsed-rubric cache, first-start rubrics), cycles,
 * submissions (drafts, materials, submitting), targets (目标备案), reviews, units (the unit
 * tree), runs, reports, and audit (the journaled write with its crash recovery, the trail,
 * verify, bundles, evaluators' notes). Beside them: ports.ts (what the services need from outside), errors.ts,
 * idempotency keys, the per-record write lock and the text rule.
 */
import { auditService } from './audit/audit.js';
import { bundleService } from './audit/bundles.js';
import { cycleService } from './cycles/cycles.js';
import { idempotencyService } from './idempotency.js';
import { noteService } from './audit/notes.js';
import type { Clock, Stores, WorkbookFiles } from './ports.js';
import { type ReportRenderer, reportService } from './reports/reports.js';
import { reviewService } from './reviews/reviews.js';
import { reviewSheetService } from './reviews/review-sheet.js';
import { reviewImportService } from './reviews/review-import.js';
import type { RubricChecker } from './rubrics/rubric-check.js';
import { rubricService } from './rubrics/rubrics.js';
import { runService } from './runs/runs.js';
import { unitWhatIfService } from './runs/unit-what-if.js';
import type { WhatIfSearcher } from './runs/what-if-search.js';
import { type SessionLimits, browserSessionService } from './access/browser-session.js';
import { sessionService } from './access/session.js';
import { userAdminService } from './access/users.js';
import { evidenceImportService } from './submissions/evidence-import.js';
import { evidenceTemplateService } from './submissions/evidence-template.js';
import { submissionService } from './submissions/submissions.js';
import { targetService } from './targets/targets.js';
import { type KnownUnitTree, unitTreeService } from './units/units.js';
import { requireCycleScope } from './access/scope.js';
import { refusalLog } from './access/refusals.js';
import type { Actor } from './access/actor.js';
import { type UncertaintyAnalyser, runUncertaintyService } from './analysis/run-uncertainty.js';
import type { CycleKey } from '../records/index.js';

export interface ServiceDeps {
  readonly stores: Stores;
  readonly clock: Clock;
  readonly engineVersion: string;
  readonly maxUploadBytes: number;
  /** How posted rubrics are checked: off the event loop, with a time limit (adapters/rubric-check). */
  readonly rubricChecker: RubricChecker;
  /** What makes a run's report files (adapters/report-renderer.ts). */
  readonly reportRenderer: ReportRenderer;
  /** Spreadsheets: the offline evidence template written, uploaded workbooks read (adapters/xlsx/workbook-files.ts). */
  readonly workbooks: WorkbookFiles;
  /** The units by administrative division (adapters/files/unit-tree.ts: Gansu's of 2015). */
  readonly unitTree: KnownUnitTree;
  /** Where what-if searches run (adapters/what-if-worker: a worker thread); in the calling thread when not given. */
  readonly whatIfSearcher?: WhatIfSearcher;
  /** Uncertainty analyses of runs, off the event loop (adapters/uncertainty-worker). */
  readonly uncertaintyAnalyser: UncertaintyAnalyser;
  /** Browser sessions' idle timeout and absolute lifetime (config.ts); the defaults when not given. */
  readonly sessionLimits?: SessionLimits;
}

export function createServices(deps: ServiceDeps) {
  const session = sessionService(deps.stores, deps.clock, { unitTree: deps.unitTree.tree });
  const submissions = submissionService(deps);
  const reviews = reviewService(deps);
  const uncertainty = runUncertaintyService(deps);
  return {
    deps,
    session,
    browser: browserSessionService(deps.stores, deps.clock, session, session.hasher, deps.sessionLimits),
    users: userAdminService(deps.stores, deps.clock, session),
    idempotent: idempotencyService(deps.stores, deps.clock),
    rubrics: rubricService(deps),
    cycles: cycleService(deps),
    submissions,
    evidenceTemplates: evidenceTemplateService(deps, submissions.cycleUnit),
    /** A filled evidence template (.xlsx) imported as the unit's draft, all or nothing. */
    evidenceImport: evidenceImportService(deps),
    reviews,
    /** Target filing (目标备案): units file their targets, examiners approve or return them. */
    targets: targetService(deps),
    /** The examiners' field sheet (.xlsx) of a cycle: per unit its submission beside the examiner's columns. */
    reviewSheets: reviewSheetService(deps),
    /** A filled field sheet imported, each unit its own write against the versions read at export. */
    reviewImport: reviewImportService(deps, reviews),
    /** The unit tree, whole or under one unit. */
    unitTree: unitTreeService(deps.unitTree),
    /** Refuses an examiner or evaluator reaching a cycle outside its body's subtree (access/scope.ts). */
    scope: (actor: Actor, key: CycleKey) => requireCycleScope(deps.unitTree.tree, actor, key),
    /** Forbidden reaches, logged in the audit trail (access/refusals.ts). */
    refusals: refusalLog(deps.stores, deps.clock),
    runs: runService(deps),
    /** How sure a run's ranking is: analyses with a spec, one at a time, off the event loop. */
    uncertainty,
    /** What would it take: a unit's fewest own changes to a goal in a run, and the what-if editor's inputs; computed, never stored. */
    unitWhatIf: unitWhatIfService(deps),
    /** A run's reports show its last uncertainty analysis, when one was made. */
    reports: reportService(deps, deps.reportRenderer, uncertainty.lastFile),
    audit: auditService(deps),
    bundles: bundleService(deps),
    notes: noteService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
