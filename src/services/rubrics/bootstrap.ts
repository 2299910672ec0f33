/**
 * First start: the unit register and the published rubrics a new installation
 * begins with. Idempotent: what is already there is left as it is.
 */
import { checkRubric } from '../../core/index.js';
import type { Actor } from '../access/actor.js';
import { journaledWrite } from '../audit/journal.js';
import { rubricRecord } from './rubric-record.js';
import { subjects, type UnitRecord } from '../../records/index.js';
import type { Clock, Stores } from '../ports.js';

const SYSTEM_ACTOR = 'system';
const SYSTEM: Actor = { userId: '', username: SYSTEM_ACTOR, role: 'admin' };

export async function bootstrap(stores: Stores, clock: Clock, units: readonly UnitRecord[], rubricSources: readonly string[]): Promise<void> {
  if ((await stores.units.list()).length === 0) await stores.units.upsertMany(units);
  for (const source of rubricSources) {
    const check = checkRubric(JSON.parse(source));
    if (!check.ok) throw new Error(`bootstrap: rubric does not parse: ${check.problems[0]?.message}`);
    const { rubric } = check;
    if (await stores.rubrics.get(rubric.hash)) continue;
    const record = rubricRecord(rubric, source, SYSTEM_ACTOR, clock.now().toISOString(), true);
    await journaledWrite(stores, clock, SYSTEM, {
      change: {
        action: 'rubric.publish',
        subject: subjects.rubric(rubric.hash),
        year: rubric.year,
        before: null,
        after: { ...record, version: 1 },
        detail: `${rubric.id} ${rubric.version}（首次启动时载入）`,
      },
      write: () => stores.rubrics.insert(record),
    });
  }
}
