/** The stored form of a rubric. */
import type { Rubric } from '../../core/index.js';
import type { RubricRecord } from '../../records/index.js';

/** The stored form of a parsed rubric: a draft, or (first-start rubrics) already published. */
export function rubricRecord(rubric: Pick<Rubric, 'hash' | 'id' | 'version' | 'year' | 'title'>, source: string, by: string, at: string, published: boolean): Omit<RubricRecord, 'version'> {
  return {
    hash: rubric.hash,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    year: rubric.year,
    title: rubric.title,
    status: published ? 'published' : 'draft',
    source,
    createdBy: by,
    createdAt: at,
    ...(published ? { publishedAt: at, publishedBy: by } : {}),
  };
}
