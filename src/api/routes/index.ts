/** Every route of the API, in the order the OpenAPI document lists them. */
import type { Services } from '../../services/index.js';
import type { RouteSpec } from '../route.js';
import { auditRoutes } from './audit.js';
import { bundleReadRoutes } from './bundle-reads.js';
import { bundleRoutes } from './bundles.js';
import { cycleRoutes } from './cycles.js';
import { evidenceWorkbookRoutes } from './evidence-workbook.js';
import { noteRoutes } from './notes.js';
import { progressRoutes } from './progress.js';
import { reportRoutes } from './reports.js';
import { reviewRoutes } from './reviews.js';
import { reviewSheetRoutes } from './review-sheet.js';
import { rubricRoutes } from './rubrics.js';
import { sessionRoutes } from './session.js';
import { runRoutes } from './runs.js';
import { unitWhatIfRoutes } from './unit-what-if.js';
import { runGroupRoutes } from './run-groups.js';
import { runComparePageRoutes } from './run-compare-page.js';
import { runRankingPageRoutes } from './run-ranking-page.js';
import { runUncertaintyRoutes } from './run-uncertainty.js';
import { submissionRoutes } from './submissions.js';
import { systemRoutes } from './system.js';
import { targetRoutes } from './targets.js';
import { unitTreeRoutes } from './unit-tree.js';
import { userRoutes } from './users.js';

export function allRoutes(services: Services): RouteSpec[] {
  return [
    ...systemRoutes(services),
    ...unitTreeRoutes(services),
    ...sessionRoutes(services),
    ...rubricRoutes(services),
    ...cycleRoutes(services),
    ...targetRoutes(services),
    ...submissionRoutes(services),
    ...progressRoutes(services),
    ...evidenceWorkbookRoutes(services),
    ...reviewSheetRoutes(services),
    ...reviewRoutes(services),
    ...runRoutes(services),
    ...unitWhatIfRoutes(services),
    ...runGroupRoutes(services),
    ...runRankingPageRoutes(services),
    ...runUncertaintyRoutes(services),
    ...reportRoutes(services),
    ...auditRoutes(services),
    ...bundleRoutes(services),
    ...bundleReadRoutes(services),
    ...runComparePageRoutes(services),
    ...noteRoutes(services),
    ...userRoutes(services),
  ];
}
