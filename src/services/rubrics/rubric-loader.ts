/**
 * Rubrics as the engine runs them, parsed once per process: a published rubric is
 * immutable and known by its hash, so its parsed form is kept, in one cache per store
 * shared by every service that reads rubrics.
 */
import { type Rubric, checkRubric } from '../../core/index.js';
import type { CycleKey, CycleRecord, RubricRecord, UnitTree } from '../../records/index.js';
import { cycleName, requireCycle } from '../cycles/cycle-lookup.js';
import { ServiceError, conflict, notFound } from '../errors.js';
import type { Stores } from '../ports.js';

const caches = new WeakMap<Stores, Map<string, Rubric>>();

export interface CycleRubric {
  readonly cycle: CycleRecord;
  readonly rubric: Rubric;
}

export function rubricReader(stores: Stores) {
  let cache = caches.get(stores);
  if (!cache) caches.set(stores, (cache = new Map<string, Rubric>()));
  const parsed = cache;

  function parse(record: RubricRecord): Rubric {
    const cached = parsed.get(record.hash);
    if (cached) return cached;
    const check = checkRubric(JSON.parse(record.source));
    // Stored rubrics were checked on the way in: one that no longer parses is a fault of the server, not of the request.
    if (!check.ok) throw new Error(`stored rubric ${record.hash} does not parse: ${check.problems[0]?.message ?? ''}`);
    if (record.status === 'published') parsed.set(record.hash, check.rubric);
    return check.rubric;
  }

  return {
    /** The rubric stored under `hash`, whatever its status, parsed. */
    async byHash(hash: string): Promise<Rubric> {
      const cached = parsed.get(hash);
      if (cached) return cached;
      const record = await stores.rubrics.get(hash);
      if (!record) throw notFound(`考核细则 ${hash}`);
      return parse(record);
    },

    /** A published rubric with its record: 404 when there is none, 409 while it is a draft. */
    async published(hash: string): Promise<{ record: RubricRecord; rubric: Rubric }> {
      const record = await stores.rubrics.get(hash);
      if (!record) throw notFound(`考核细则 ${hash} `);
      if (record.status !== 'published') throw conflict(`考核细则 ${hash} 尚未发布`);
      return { record, rubric: parse(record) };
    },

    /** The cycle and its rubric, which must be published. */
    async forCycle(tree: UnitTree, key: CycleKey): Promise<CycleRubric> {
      const cycle = await requireCycle(stores, tree, key);
      const name = cycleName(tree, key);
      const record = await stores.rubrics.get(cycle.rubricHash);
      if (!record) throw notFound(`${name}考核周期所用的考核细则 ${cycle.rubricHash}`);
      if (record.status !== 'published') throw new ServiceError('conflict', `${name}考核周期所用的考核细则尚未发布`);
      return { cycle, rubric: parse(record) };
    },
  };
}

/** `sha256:<hex>` from either form a client may give (with or without the prefix, any case). */
export function normaliseRubricHash(id: string): string {
  const hex = id.toLowerCase().replace(/^sha256:/, '');
  return `sha256:${hex}`;
}

export const RUBRIC_ID_PATTERN = /^(?:sha256:)?[0-9a-f]{64}$/i;
