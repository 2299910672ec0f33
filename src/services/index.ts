/**
 * The use cases, composed over the ports. Each service enforces who may do what;
 * the HTTP layer only parses, calls and responds. The adapters behind the ports are
 * chosen in one place, src/compose.ts.
 */
import { auditService } from './audit.js';
import { bundleService } from './bundles.js';
import { cycleService } from './cycles.js';
import { idempotencyService } from './idempotency.js';
import { noteService } from './notes.js';
import type { Clock, Stores } from './ports.js';
import { type ReportRenderer, reportService } from './reports.js';
import { reviewService } from './reviews.js';
import type { RubricChecker } from './rubric-check.js';
import { rubricService } from './rubrics.js';
import { runService } from './runs.js';
import { sessionService } from './session.js';
import { submissionService } from './submissions.js';

export interface ServiceDeps {
  readonly stores: Stores;
  readonly clock: Clock;
  readonly engineVersion: string;
  readonly maxUploadBytes: number;
  /** How posted rubrics are checked: off the event loop, with a time limit (adapters/rubric-check). */
  readonly rubricChecker: RubricChecker;
  /** What makes a run's report files (adapters/report-renderer.ts). */
  readonly reportRenderer: ReportRenderer;
}

export function createServices(deps: ServiceDeps) {
  return {
    deps,
    session: sessionService(deps.stores, deps.clock),
    idempotent: idempotencyService(deps.stores, deps.clock),
    rubrics: rubricService(deps),
    cycles: cycleService(deps),
    submissions: submissionService(deps),
    reviews: reviewService(deps),
    runs: runService(deps),
    reports: reportService(deps),
    audit: auditService(deps),
    bundles: bundleService(deps),
    notes: noteService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
