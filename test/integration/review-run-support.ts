/**
 * What the review, run, audit and cycle tests share: opening the 2015 cycle with the
 * published Gansu rubric, and storing cities' submissions straight into the store
 * (with their audit entries, as the submission service writes them), so that a test
 * can set up many units, drafts or a broken submission in one line. The cycle test
 * goes through the submission endpoints instead.
 */
import { readFileSync } from 'node:fs';
import mongoose, { type Connection } from 'mongoose';
import { type EvidenceDocument, type Rubric, parseRubric } from '../../src/core/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { type EvidenceItemDocument, splitEvidence, subjects, type SubmissionRecord } from '../../src/records/index.js';
import { journaledWrite } from '../../src/services/audit/journal.js';
import { STALE } from '../../src/services/ports.js';
import { writeWithLine } from '../../src/services/submissions/progress-lines.js';
import { seedEvidence, seedRubric } from '../support/cli.js';
import { type TestService, type TestUser, startService } from '../support/service.js';

export const YEAR = 2015;

export function gansuRubric(): Rubric {
  return parseRubric(JSON.parse(readFileSync(seedRubric, 'utf8')));
}

export function seedDocument(unitCode: string): EvidenceDocument & { items: Record<string, EvidenceItemDocument> } {
  return JSON.parse(readFileSync(seedEvidence(unitCode), 'utf8'));
}

/** A test service and the mongoose connection to its own database (to tamper with it as an intruder would). */
export async function startServiceWithDatabase(options: { now?: string } = {}): Promise<{ service: TestService; connection: Connection }> {
  const known = new Set(mongoose.connections);
  const service = await startService(options);
  const connection = mongoose.connections.find((c) => !known.has(c) && c.name.startsWith('kaohe_test_'));
  if (!connection) throw new Error('could not find the test service connection');
  return { service, connection };
}

/** The examiner opens the cycle over HTTP: the Gansu rubric (published on first start), deadline at the end of March 2016. */
/** Whom the test cycle names on its templates' covers. */
export const CYCLE_CONTACT = '省质量发展领导小组办公室 张三 0931-0000000';

export async function openCycle(service: TestService, year = YEAR): Promise<void> {
  const reply = await service.request('POST', '/api/cycles', {
    user: service.users.examiner,
    body: { year, rubric: gansuRubric().hash, deadline: '2016-03-31T23:59:59+08:00', contact: CYCLE_CONTACT },
  });
  if (reply.status !== 201) throw new Error(`POST /api/cycles: ${reply.status} ${reply.text}`);
}

/**
 * A city's submission of `items` ({code: {values, selfScore, note, notApplicable}}), as the
 * submission service stores it, at the clock's time. Any stores and clock will do: a test
 * service's, or a database a CLI test opened itself.
 */
/** The rubric the progress lines of stored submissions are counted against, parsed once. */
let linesRubric: Rubric | undefined;

export async function storeSubmission(
  service: Pick<TestService, 'stores' | 'clock'>,
  unitCode: string,
  items: Record<string, EvidenceItemDocument>,
  options: { state?: 'draft' | 'submitted'; selfTotal?: number; year?: number } = {},
): Promise<SubmissionRecord> {
  const year = options.year ?? YEAR;
  const at = service.clock.now().toISOString();
  const by = `city-${unitCode}`;
  const state = options.state ?? 'submitted';
  const next = {
    year,
    unitCode,
    state,
    items: JSON.stringify(items),
    ...(options.selfTotal === undefined ? {} : { selfTotal: options.selfTotal }),
    createdAt: at,
    updatedAt: at,
    updatedBy: by,
    ...(state === 'submitted' ? { submittedAt: at, submittedBy: by } : {}),
    reopenings: [],
  };
  const who: Actor = { userId: by, username: by, role: 'city', unitCode };
  // Logged as the service logs a write, so that verify and bundles see a submission like any other.
  const record = await journaledWrite(service.stores, service.clock, who, {
    change: {
      action: `submission.${state === 'submitted' ? 'submit' : 'save'}`,
      subject: subjects.submission({ year: year }, unitCode),
      year,
      unitCode,
      before: null,
      after: { ...next, version: 1 },
    },
    // With its line on the progress board, as the service writes one (services/submissions/progress-lines.ts).
    write: writeWithLine(service.stores, (linesRubric ??= gansuRubric()), () => service.stores.submissions.insert(next)),
  });
  if (record === null || record === STALE) throw new Error(`submission ${year}/${unitCode} exists already`);
  return record;
}

/** A unit's demo evidence as the cycle produces it: the city submits its part, the examiner saves the review part. */
export async function submitSeedWithReview(service: TestService, unitCode: string, rubric: Rubric = gansuRubric()): Promise<void> {
  const seed = seedDocument(unitCode);
  const { submitted, review } = splitEvidence(rubric, seed.items);
  await storeSubmission(service, unitCode, submitted, { selfTotal: seed.selfTotal });
  if (Object.keys(review).length === 0) return;
  const reply = await service.request('PUT', `/api/cycles/${YEAR}/reviews/${unitCode}`, { user: service.users.examiner, body: { items: review } });
  if (reply.status !== 201) throw new Error(`PUT reviews/${unitCode}: ${reply.status} ${reply.text}`);
}

/** The access table's six callers: every role, a city reaching for another unit, and no token. */
export type Caller = 'examiner' | 'admin' | 'auditor' | 'city' | 'otherCity' | 'anonymous';
export const CALLERS: readonly Caller[] = ['examiner', 'admin', 'auditor', 'city', 'otherCity', 'anonymous'];

export function as(service: TestService, caller: Caller): { user?: TestUser } {
  return caller === 'anonymous' ? {} : { user: service.users[caller] };
}
