/**
 * Rubrics (考核细则): examiners post drafts, linted on the way in and identified by
 * their content hash, and publish them; a published rubric never changes again.
 */
import { rubricTooDeep } from '../../core/index.js';
import { type Actor, requireExaminer } from '../access/actor.js';
import { ServiceError, conflict, invalid, notFound, stale } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { STALE } from '../ports.js';
import { type RubricRecord, subjects } from '../../records/index.js';
import { journaledWrite } from '../audit/journal.js';
import { rubricRecord } from './rubric-record.js';
import { normaliseRubricHash } from './rubric-loader.js';
import { recordLock } from '../record-lock.js';

/** Lint paths point into the rubric; the rubric is the request body. */
const inBody = (path: string) => `$.body${path.slice(1)}`;

export function rubricService(deps: ServiceDeps) {
  const { stores, clock } = deps;
  const withRecordLock = recordLock(stores);
  const checkRubric = deps.rubricChecker;

  async function find(id: string): Promise<RubricRecord> {
    const hash = normaliseRubricHash(id);
    const record = await stores.rubrics.get(hash);
    if (!record) throw notFound(`考核细则 ${hash} `);
    return record;
  }

  return {
    list: () => stores.rubrics.list(),

    /** The record and the rubric document exactly as it was posted. */
    async get(id: string): Promise<{ record: RubricRecord; document: unknown }> {
      const record = await find(id);
      return { record, document: JSON.parse(record.source) as unknown };
    },

    async create(actor: Actor, document: unknown): Promise<RubricRecord> {
      requireExaminer(actor);
      // Too deep to serialise safely: refused here, before any recursive walk (the check itself runs off the event loop).
      const deep = rubricTooDeep(document);
      const source = deep ? '' : JSON.stringify(document);
      const report = deep ? { ok: false as const, problems: [deep] } : await checkRubric(source);
      if (!report.ok) {
        throw invalid(`考核细则未通过检查（${report.problems.length} 个问题）`, report.problems.map((p) => ({ ...p, path: inBody(p.path) })));
      }
      const { rubric } = report;
      const record = rubricRecord(rubric, source, actor.username, clock.now().toISOString(), false);
      const inserted = await journaledWrite(stores, clock, actor, {
        change: {
          action: 'rubric.create',
          subject: subjects.rubric(record.hash),
          year: record.year,
          before: null,
          after: { ...record, version: 1 },
          detail: `${record.rubricId} ${record.rubricVersion}（草稿）`,
        },
        write: () => stores.rubrics.insert(record),
      });
      if (inserted === null || inserted === STALE) throw conflict(`内容完全相同的考核细则已存在（${rubric.hash}）`);
      return inserted;
    },

    async publish(actor: Actor, id: string, version: number | undefined): Promise<RubricRecord> {
      requireExaminer(actor);
      // One publication at a time (it is rare): the check for a published twin of the same
      // rubric id and version must not race another publication (record-lock.ts).
      return withRecordLock('rubric.publish', async () => {
        const before = await find(id);
        if (before.status === 'published') throw conflict(`考核细则 ${before.hash} 已于 ${before.publishedAt ?? ''} 发布，发布后不可更改`);
        if (version === undefined) throw new ServiceError('version_required', '发布前请提供所读取的版本号（If-Match 头或请求体中的 version）');
        if (version !== before.version) throw stale('考核细则');
        // Two different documents published under one id and version would make "gansu-2015 1.0.0" ambiguous.
        const twin = (await stores.rubrics.list()).find(
          (r) => r.status === 'published' && r.rubricId === before.rubricId && r.rubricVersion === before.rubricVersion,
        );
        if (twin) throw conflict(`考核细则 ${before.rubricId} 版本 ${before.rubricVersion} 已有另一份已发布的文本（${twin.hash}），请修改版本号后重新提交`);
        const at = clock.now().toISOString();
        const after = await journaledWrite(stores, clock, actor, {
          change: {
            action: 'rubric.publish',
            subject: subjects.rubric(before.hash),
            year: before.year,
            before,
            after: { ...before, status: 'published', publishedAt: at, publishedBy: actor.username, version: version + 1 },
            detail: `${before.rubricId} ${before.rubricVersion}`,
          },
          write: () => stores.rubrics.publish(before.hash, version, at, actor.username),
        });
        if (after === STALE) throw stale('考核细则');
        if (after === null) throw notFound(`考核细则 ${before.hash} `);
        return after;
      });
    },
  };
}
