/**
 * A unit's submission written straight to the stores, as submitted on 2016-02-01 and
 * logged in the audit chain as the service logs it. CLI tests of the database commands
 * use it to set up a cycle without an HTTP server; the service's own rules (deadline,
 * who may submit) are tested through the API.
 */
import { fixedClock } from '../../src/adapters/clock.js';
import type { Actor } from '../../src/services/actor.js';
import type { Stores } from '../../src/services/ports.js';
import { logChange, subjects } from '../../src/services/records.js';

export async function storeSubmitted(stores: Stores, year: number, code: string, submitted: unknown, selfTotal: number | undefined): Promise<void> {
  const at = '2016-02-01T00:00:00.000Z';
  const record = await stores.submissions.insert({
    year, unitCode: code, state: 'submitted', items: JSON.stringify(submitted), ...(selfTotal !== undefined ? { selfTotal } : {}),
    createdAt: at, updatedAt: at, updatedBy: `city-${code}`, submittedAt: at, submittedBy: `city-${code}`, reopenings: [],
  });
  if (record === null) throw new Error(`a submission of ${code} for ${year} is already stored`);
  const city: Actor = { userId: code, username: `city-${code}`, role: 'city', unitCode: code };
  await logChange(stores, fixedClock(at), city, { action: 'submission.submit', subject: subjects.submission(year, code), year, unitCode: code, before: null, after: record });
}
