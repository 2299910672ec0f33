/**
 * Cycles: an assessment of a year by an assessing body (a government of the unit
 * tree) over units of its subtree, bound to a published rubric of that year, with the
 * deadline after which units can no longer submit. A year has at most one cycle per
 * body: the province assesses its cities while each city may assess its counties.
 */
import { type Actor, requireExaminer } from '../access/actor.js';
import { conflict, invalid } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { STALE } from '../ports.js';
import { type CycleKey, cycleIdOf, cycleKeyFor, type CycleRecord, subjects, type UnitTree } from '../../records/index.js';
import { cycleName, findCycle, requireCycle } from './cycle-lookup.js';
import { reachesBody, requireCycleScope, servedBody } from '../access/scope.js';
import { journaledWrite } from '../audit/journal.js';
import { normaliseRubricHash, rubricReader } from '../rubrics/rubric-loader.js';
import { type AssessingCycle, assessedWords, assessingCycle, resolveUnits, unitsMissingFromRegister } from './cycle-units.js';

export interface NewCycle {
  readonly year: number;
  /** The rubric's content hash, with or without `sha256:`. */
  readonly rubric: string;
  /** ISO date-time with an offset. */
  readonly deadline: string;
  /** ISO date-time with an offset until which units may file targets (目标备案); without it, until the deadline. */
  readonly targetDeadline?: string | undefined;
  /** Whom units ask about the assessment; the templates' covers print it. */
  readonly contact?: string | undefined;
  /** The assessing government's unit code; without it, the body the examiner serves (the tree's root for most). */
  readonly body?: string | undefined;
  /** The codes assessed, within the body's subtree; without them, the register (province) or the body's children. */
  readonly units?: readonly string[] | undefined;
}

const duplicate = (tree: UnitTree, key: CycleKey) =>
  conflict(`${cycleName(tree, key)}考核已经创建：同一考核主体每年只能有一个考核周期（编号 ${cycleIdOf(key)}）`);

export function cycleService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);
  const resolved = async (cycle: CycleRecord): Promise<AssessingCycle> => assessingCycle(tree, cycle, await stores.units.list());

  return {
    /**
     * The cycles the actor reaches: an examiner or evaluator those of its body and the
     * bodies below; a unit's user those that assess its unit.
     */
    async list(actor: Actor): Promise<AssessingCycle[]> {
      const [cycles, register] = await Promise.all([stores.cycles.list(), stores.units.list()]);
      const own = actor.role === 'city' ? actor.unitCode : undefined;
      return cycles
        .map((c) => assessingCycle(tree, c, register))
        .filter((c) => reachesBody(tree, actor, c.body) && (own === undefined || c.units.includes(own)));
    },

    async get(actor: Actor, key: CycleKey): Promise<AssessingCycle> {
      requireCycleScope(tree, actor, key);
      return resolved(await requireCycle(stores, tree, key));
    },

    async create(actor: Actor, input: NewCycle): Promise<AssessingCycle> {
      requireExaminer(actor);
      if (input.targetDeadline !== undefined && Date.parse(input.targetDeadline) > Date.parse(input.deadline)) {
        throw invalid('目标备案截止时间不能晚于提交截止时间', [
          { code: 'invalid', path: '$.body.targetDeadline', message: `目标备案截止时间 ${input.targetDeadline} 晚于提交截止时间 ${input.deadline}` },
        ]);
      }
      const register = await stores.units.list();
      const assessed = resolveUnits(tree, register, { body: input.body ?? servedBody(tree, actor), units: input.units });
      if (!assessed.ok) {
        const { problems } = assessed;
        const shown = problems.slice(0, 3).map((p) => p.message);
        throw invalid(`考核主体或所考核的单位有误：${shown.join('；')}${problems.length > shown.length ? `等 ${problems.length} 个问题` : ''}`, problems);
      }
      const { record: rubric } = await rubrics.published(normaliseRubricHash(input.rubric));
      if (rubric.year !== input.year) {
        throw invalid('考核细则年度与考核年度不一致', [
          {
            code: 'evidence_mismatch',
            path: '$.body.rubric',
            message: `考核细则 ${rubric.rubricId} 适用于 ${rubric.year} 年度，不能用于 ${input.year} 年度考核`,
          },
        ]);
      }
      const key = cycleKeyFor(input.year, assessed.body, tree.root.code);
      requireCycleScope(tree, actor, key);
      if (await findCycle(stores, tree, key)) throw duplicate(tree, key);
      const cycle = {
        ...key,
        rubricHash: rubric.hash,
        rubricId: rubric.rubricId,
        // One form for every deadline, so that comparisons and displays agree.
        deadline: new Date(input.deadline).toISOString(),
        ...(input.targetDeadline === undefined ? {} : { targetDeadline: new Date(input.targetDeadline).toISOString() }),
        ...(input.contact === undefined ? {} : { contact: input.contact }),
        units: assessed.units,
        createdBy: actor.username,
        createdAt: clock.now().toISOString(),
      };
      const inserted = await journaledWrite(stores, clock, actor, {
        change: {
          action: 'cycle.create',
          subject: subjects.cycle(key),
          year: cycle.year,
          before: null,
          after: { ...cycle, version: 1 },
          // The province's cycle reads as before bodies; any other names whom it assesses.
          detail: `${cycle.rubricId}，截止 ${cycle.deadline}${assessed.body === tree.root.code ? '' : `；${assessedWords(tree, assessed.body, assessed.units)}`}`,
        },
        write: () => stores.cycles.insert(cycle),
      });
      if (inserted === null || inserted === STALE) throw duplicate(tree, key);
      // A new cycle has no submissions: its progress board's lines are complete as they are put (submissions/progress-lines.ts).
      await stores.progressLines.markBuilt(key);
      // Units below the cities (a city's counties) join the register, named from the tree, so that
      // they can have users and submit; only once the cycle is stored, so that a refusal stores nothing.
      const missing = unitsMissingFromRegister(tree, assessed.units, register);
      if (missing.length > 0) await stores.units.upsertMany(missing);
      return resolved(inserted);
    },
  };
}
