/**
 * Cycles: one assessment per year, bound to a published rubric of that year, with
 * the deadline after which units can no longer submit.
 */
import type { Actor } from './actor.js';
import { requireExaminer } from './actor.js';
import { conflict, invalid, notFound } from './errors.js';
import type { ServiceDeps } from './index.js';
import type { CycleRecord } from './ports.js';
import { logChange, subjects } from './records.js';
import { normaliseRubricHash, publishedRubrics } from './rubric-loader.js';

export interface NewCycle {
  readonly year: number;
  /** The rubric's content hash, with or without `sha256:`. */
  readonly rubric: string;
  /** ISO date-time with an offset. */
  readonly deadline: string;
}

export function cycleService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const publishedRubric = publishedRubrics(stores);

  return {
    list: () => stores.cycles.list(),

    async get(year: number): Promise<CycleRecord> {
      const cycle = await stores.cycles.get(year);
      if (!cycle) throw notFound(`${year} 年度考核`);
      return cycle;
    },

    async create(actor: Actor, input: NewCycle): Promise<CycleRecord> {
      requireExaminer(actor);
      const { record: rubric } = await publishedRubric(normaliseRubricHash(input.rubric));
      if (rubric.year !== input.year) {
        throw invalid('考核细则年度与考核年度不一致', [
          { code: 'evidence_mismatch', path: '$.body.rubric', message: `考核细则 ${rubric.rubricId} 适用于 ${rubric.year} 年度，不能用于 ${input.year} 年度考核` },
        ]);
      }
      const inserted = await stores.cycles.insert({
        year: input.year,
        rubricHash: rubric.hash,
        rubricId: rubric.rubricId,
        // One form for every deadline, so that comparisons and displays agree.
        deadline: new Date(input.deadline).toISOString(),
        createdBy: actor.username,
        createdAt: clock.now().toISOString(),
      });
      if (!inserted) throw conflict(`${input.year} 年度考核已经创建，每年只能有一个考核周期`);
      await logChange(stores, clock, actor, {
        action: 'cycle.create',
        subject: subjects.cycle(inserted.year),
        year: inserted.year,
        before: null,
        after: inserted,
        detail: `${inserted.rubricId}，截止 ${inserted.deadline}`,
      });
      return inserted;
    },
  };
}

export type CycleService = ReturnType<typeof cycleService>;
