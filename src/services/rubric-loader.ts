/**
 * Published rubrics as the engine runs them, parsed once per process: a published
 * rubric is immutable and known by its hash, so the parsed form can be kept.
 */
import { type Rubric, checkRubric } from '../core/index.js';
import { conflict, notFound } from './errors.js';
import type { Stores } from './ports.js';
import type { RubricRecord } from '../records/index.js';

/** One cache per store, shared by every service that reads rubrics. */
const caches = new WeakMap<Stores, Map<string, Rubric>>();

export function publishedRubrics(stores: Stores) {
  let parsed = caches.get(stores);
  if (!parsed) caches.set(stores, (parsed = new Map<string, Rubric>()));
  const cache = parsed;
  return async function publishedRubric(hash: string): Promise<{ record: RubricRecord; rubric: Rubric }> {
    const record = await stores.rubrics.get(hash);
    if (!record) throw notFound(`考核细则 ${hash} `);
    if (record.status !== 'published') throw conflict(`考核细则 ${hash} 尚未发布`);
    let rubric = cache.get(hash);
    if (!rubric) {
      const check = checkRubric(JSON.parse(record.source));
      // Stored rubrics were checked on the way in: one that no longer parses is a fault of the server, not of the request.
      if (!check.ok) throw new Error(`stored rubric ${hash} does not parse: ${check.problems[0]?.message ?? ''}`);
      rubric = check.rubric;
      cache.set(hash, rubric);
    }
    return { record, rubric };
  };
}

/** `sha256:<hex>` from either form a client may give (with or without the prefix, any case). */
export function normaliseRubricHash(id: string): string {
  const hex = id.toLowerCase().replace(/^sha256:/, '');
  return `sha256:${hex}`;
}

export const RUBRIC_ID_PATTERN = /^(?:sha256:)?[0-9a-f]{64}$/i;
