/**
 * Reviews (审核): the examiner's record for one unit of one cycle: verified values
 * where they differ from the submitted ones, values of examiner-filled fields,
 * on-site findings (实地核查情况) and score adjustments with their justification.
 * A review is checked against the cycle's rubric when it is saved, so a bad value is
 * refused with its path instead of failing a run later. Saving replaces the whole
 * review (PUT) and names the version it read.
 */
import { type Actor, requireExaminer, requireOverseer } from '../access/actor.js';
import { ServiceError, invalid, notFound, stale } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import {
  type CycleKey,
  cycleIdOf,
  cycleKeyOf,
  type CycleRecord,
  itemsOf,
  type ReviewItem,
  type ReviewItems,
  type ReviewRecord,
  subjects,
} from '../../records/index.js';
import { STALE } from '../ports.js';
import { journaledWrite } from '../audit/journal.js';
import { checkReview } from './review-check.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { recordLock } from '../record-lock.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { requireAssessed } from '../cycles/cycle-unit-records.js';

/** What an examiner sends for one item; `by` is added by the service. */
export type ReviewItemInput = Omit<ReviewItem, 'adjustment'> & { readonly adjustment?: { readonly score: number; readonly justification: string } };

export interface ReviewView {
  readonly year: number;
  /** The cycle's id: "2015", or "2015-620100" in another body's cycle. */
  readonly cycleId: string;
  readonly unit: string;
  readonly version: number;
  readonly items: ReviewItems;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

function view(record: ReviewRecord): ReviewView {
  return {
    year: record.year,
    cycleId: cycleIdOf(cycleKeyOf(record)),
    unit: record.unitCode,
    version: record.version,
    items: itemsOf<ReviewItem>(record),
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt,
  };
}

/**
 * Each adjustment names the examiner who made it. Re-saving a review unchanged keeps
 * the original author: another examiner who saves the review did not make that call.
 */
function withAuthors(items: Readonly<Record<string, ReviewItemInput>>, before: ReviewItems, username: string): Record<string, ReviewItem> {
  const out: Record<string, ReviewItem> = {};
  for (const [code, item] of Object.entries(items)) {
    const { adjustment, ...rest } = item;
    if (adjustment === undefined) {
      out[code] = rest;
      continue;
    }
    const previous = Object.prototype.hasOwnProperty.call(before, code) ? before[code]?.adjustment : undefined;
    const unchanged = previous !== undefined && previous.score === adjustment.score && previous.justification === adjustment.justification;
    out[code] = { ...rest, adjustment: { score: adjustment.score, justification: adjustment.justification, by: unchanged ? previous.by : username } };
  }
  return out;
}

export function reviewService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const { tree } = deps.unitTree;
  const rubrics = rubricReader(stores);
  // Writers of one review queue here, so they do not race for the same version within a process; the journal keeps the audit order across processes (record-lock.ts).
  const withRecordLock = recordLock(stores);

  /** The unit, which the cycle must assess: 404 otherwise, as for an unknown unit. */
  async function unitOf(cycle: CycleRecord, code: string) {
    const unit = await stores.units.get(code);
    if (!unit) throw notFound(`单位 ${code}`);
    await requireAssessed(stores, tree, cycle, code);
    return unit;
  }

  /** Read, check the version, write, log: one writer of a review at a time. */
  async function write(
    actor: Actor,
    key: CycleKey,
    unitCode: string,
    items: Readonly<Record<string, ReviewItemInput>>,
    version: number | undefined,
  ): Promise<ReviewView> {
    const before = await stores.reviews.get(key, unitCode);
    if (before && version === undefined) {
      throw new ServiceError('version_required', `审核记录已存在（版本 ${before.version}）：请在 If-Match 头或请求体的 version 中给出读取时的版本`);
    }
    if ((before?.version ?? 0) !== (version ?? 0)) throw stale('审核记录');
    const stamped = withAuthors(items, itemsOf<ReviewItem>(before), actor.username);
    const next = { ...key, unitCode, items: JSON.stringify(stamped), updatedBy: actor.username, updatedAt: clock.now().toISOString() };
    const saved = await journaledWrite(stores, clock, actor, {
      change: {
        action: 'review.save',
        subject: subjects.review(key, unitCode),
        year: key.year,
        unitCode,
        before,
        after: { ...next, version: (version ?? 0) + 1 },
        detail: `${Object.keys(stamped).length} 项`,
      },
      write: () => stores.reviews.save(next, version ?? 0),
    });
    if (saved === null || saved === STALE) throw stale('审核记录');
    return view(saved);
  }

  return {
    async get(actor: Actor, key: CycleKey, unitCode: string): Promise<ReviewView> {
      requireOverseer(actor);
      await unitOf(await requireCycle(stores, tree, key), unitCode);
      const record = await stores.reviews.get(key, unitCode);
      if (!record) throw notFound(`${cycleName(tree, key)}单位 ${unitCode} 的审核记录`);
      return view(record);
    },

    async save(
      actor: Actor,
      key: CycleKey,
      unitCode: string,
      items: Readonly<Record<string, ReviewItemInput>>,
      version: number | undefined,
    ): Promise<ReviewView> {
      requireExaminer(actor);
      const { cycle, rubric } = await rubrics.forCycle(tree, key);
      const unit = await unitOf(cycle, unitCode);
      const problems = checkReview(rubric, unit, items, '$.body.items');
      if (problems.length > 0) throw invalid('审核记录不符合考核细则', problems);
      return withRecordLock(subjects.review(key, unitCode), () => write(actor, key, unitCode, items, version));
    },
  };
}
