/**
 * POST …/submissions/:unit/import: a filled evidence template (.xlsx, the raw body)
 * imported as the unit's draft, all or nothing. Authorised before the body is read (a
 * city only for its own unit); If-Match is the draft version read, as for a save. The
 * answer is the saved submission, or one 400 listing every problem with its cell
 * (e.g. 证据!J37) as the path.
 */
import { createHash } from 'node:crypto';
import { requireWriteUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { receiveWorkbook } from '../../services/submissions/evidence-import.js';
import { type RouteSpec, route } from '../route.js';
import { UnitParams } from '../schemas/path-params.js';
import { NoQuery } from './run-params.js';
import { SubmissionV1, submissionReply } from './submissions.js';

export function evidenceImportRoute(services: Services): RouteSpec {
  return route({
    method: 'post',
    path: '/cycles/:cycle/submissions/:unit/import',
    summary:
      '导入填好的证据模板，作为本单位草稿（请求体为 .xlsx 文件内容；If-Match：所读取的草稿版本，省略时以模板导出时的版本为准；有任何问题则什么也不保存，并逐一列出问题所在的单元格）',
    roles: ['city'],
    params: UnitParams,
    query: NoQuery,
    authorize: (actor, params) => requireWriteUnit(actor, params.unit),
    receive: async ({ headers }, source) => {
      const bytes = await receiveWorkbook(headers['content-type'], source);
      // A retry under the same Idempotency-Key must be the same file.
      const hash = createHash('sha256').update(bytes).digest('hex');
      return { value: bytes, hash, discard: async () => {} };
    },
    response: SubmissionV1,
    handler: async ({ actor, params, received, ifMatch }) =>
      submissionReply(await services.evidenceImport.importWorkbook(actor, params.cycle, params.unit, received, ifMatch)),
  });
}
