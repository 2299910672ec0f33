/**
 * First start: the unit register and the published rubrics a new installation
 * begins with. Idempotent: what is already there is left as it is.
 */
import { checkRubric } from '../core/index.js';
import { recordHash, rubricRecord } from './records.js';
import type { Clock, Stores, UnitRecord } from './ports.js';

export const SYSTEM_ACTOR = 'system';

export async function bootstrap(stores: Stores, clock: Clock, units: readonly UnitRecord[], rubricSources: readonly string[]): Promise<void> {
  if ((await stores.units.list()).length === 0) await stores.units.upsertMany(units);
  for (const source of rubricSources) {
    const check = checkRubric(JSON.parse(source));
    if (!check.ok) throw new Error(`bootstrap: rubric does not parse: ${check.problems[0]?.message}`);
    const { rubric } = check;
    if (await stores.rubrics.get(rubric.hash)) continue;
    const at = clock.now().toISOString();
    const inserted = await stores.rubrics.insert(rubricRecord(rubric, source, SYSTEM_ACTOR, at, true));
    if (inserted) {
      await stores.audit.append({
        at,
        actor: SYSTEM_ACTOR,
        action: 'rubric.publish',
        subject: `rubric:${rubric.hash}`,
        year: rubric.year,
        beforeHash: '',
        afterHash: recordHash(inserted),
        detail: `${rubric.id} ${rubric.version}（首次启动时载入）`,
      });
    }
  }
}
