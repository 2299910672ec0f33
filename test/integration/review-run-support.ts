/**
 * What the review, run, audit and cycle tests share: opening the 2015 cycle with the
 * published Gansu rubric and storing cities' submissions. Both go straight to the
 * stores (with their audit entries, as the services write them), so these tests do
 * not depend on the cycle and submission endpoints another part of the service owns.
 */
import { readFileSync } from 'node:fs';
import mongoose, { type Connection } from 'mongoose';
import { type EvidenceDocument, type Rubric, parseRubric } from '../../src/core/index.js';
import type { Actor } from '../../src/services/actor.js';
import type { EvidenceItemDocument } from '../../src/services/evidence-merge.js';
import type { SubmissionRecord } from '../../src/services/ports.js';
import { logChange, subjects } from '../../src/services/records.js';
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

function actor(user: TestUser): Actor {
  return { userId: user.username, username: user.username, role: user.role, unitCode: user.unitCode };
}

/** The examiner opens the cycle: the Gansu rubric (published on first start), deadline after the submissions. */
export async function openCycle(service: TestService, year = YEAR): Promise<void> {
  const rubric = gansuRubric();
  const cycle = await service.stores.cycles.insert({
    year,
    rubricHash: rubric.hash,
    rubricId: rubric.id,
    deadline: '2016-03-31T16:00:00.000Z',
    createdBy: service.users.examiner.username,
    createdAt: service.clock.now().toISOString(),
  });
  if (!cycle) throw new Error(`cycle ${year} exists already`);
  await logChange(service.stores, service.clock, actor(service.users.examiner), { action: 'cycle.create', subject: subjects.cycle(year), year, before: null, after: cycle });
}

/** A city's submission of `items` ({code: {values, selfScore, note, notApplicable}}), as the submission service stores it. */
export async function storeSubmission(
  service: TestService,
  unitCode: string,
  items: Record<string, EvidenceItemDocument>,
  options: { state?: 'draft' | 'submitted'; selfTotal?: number; year?: number } = {},
): Promise<SubmissionRecord> {
  const year = options.year ?? YEAR;
  const at = service.clock.now().toISOString();
  const by = `city-${unitCode}`;
  const state = options.state ?? 'submitted';
  const record = await service.stores.submissions.insert({
    year,
    unitCode,
    state,
    items: JSON.stringify(items),
    selfTotal: options.selfTotal,
    createdAt: at,
    updatedAt: at,
    updatedBy: by,
    ...(state === 'submitted' ? { submittedAt: at, submittedBy: by } : {}),
    reopenings: [],
  });
  if (!record) throw new Error(`submission ${year}/${unitCode} exists already`);
  const who: Actor = { userId: by, username: by, role: 'city', unitCode };
  await logChange(service.stores, service.clock, who, { action: `submission.${state === 'submitted' ? 'submit' : 'save'}`, subject: subjects.submission(year, unitCode), year, unitCode, before: null, after: record });
  return record;
}

/** The access table's six callers: every role, a city reaching for another unit, and no token. */
export type Caller = 'examiner' | 'admin' | 'auditor' | 'city' | 'otherCity' | 'anonymous';
export const CALLERS: readonly Caller[] = ['examiner', 'admin', 'auditor', 'city', 'otherCity', 'anonymous'];

export function as(service: TestService, caller: Caller): { user?: TestUser } {
  return caller === 'anonymous' ? {} : { user: service.users[caller] };
}
