/**
 * The examiners' field sheet (issue 10): one .xlsx for the on-site team, per unit the
 * submission read-only beside the examiner's columns. Registered before the reviews'
 * `/cycles/:cycle/reviews/:unit`, which would otherwise take `template.xlsx` for a unit.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requireExaminer } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams } from '../schemas/path-params.js';
import { receiveWorkbook } from '../../services/submissions/evidence-import.js';
import { XLSX } from './evidence-workbook.js';
import { NoQuery } from './run-params.js';

const UnitImportOutcomeV1 = z.object({
  unit: z.string(),
  name: z.string(),
  outcome: z.enum(['imported', 'unchanged', 'refused']).describe('imported：已保存；unchanged：与现有审核记录相同，未写入；refused：未导入'),
  version: z.number().optional().describe('审核记录的版本（导入或未变时）'),
  reason: z.string().optional().describe('未导入的原因'),
  problems: z
    .array(z.object({ path: z.string(), code: z.string(), message: z.string() }).passthrough())
    .optional()
    .describe('该单位工作表中的问题，path 为单元格'),
});

const ReviewImportV1 = z.object({ year: z.number(), units: z.array(UnitImportOutcomeV1) });

/** `?units=620100,620200`: the units to include, in that order; all units when absent. */
const UnitsQuery = z.strictObject({
  units: z
    .string()
    .regex(/^\d{6}(,\d{6}){0,99}$/, '单位应为逗号分隔的 6 位行政区划代码，例如 620100,620200')
    .transform((s) => s.split(','))
    .optional()
    .describe('要包含的单位（逗号分隔）；不给出时为全部单位'),
});

export function reviewSheetRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/reviews/template.xlsx',
      summary: '下载实地核查表（.xlsx，考核组离线填写核定值、核查发现、调整分及理由、否决项；每个单位一张工作表，已预填当前审核记录；考核组、管理员）',
      roles: ['examiner', 'admin'],
      params: CycleParams,
      query: UnitsQuery,
      authorize: (actor) => requireExaminer(actor),
      produces: XLSX,
      handler: async ({ actor, params, query }) => {
        const file = await services.reviewSheets.template(actor, params.cycle, query.units);
        return { bytes: { data: file.bytes, contentType: XLSX, fileName: file.fileName, disposition: 'attachment' } };
      },
    }),
    route({
      method: 'post',
      path: '/cycles/:cycle/reviews/import',
      summary:
        '导入填好的实地核查表（请求体为 .xlsx 文件内容；考核组、管理员）。每个单位单独保存，以导出时读取的版本为准：导出后单位材料或审核记录已有变动、或工作表有问题的单位不导入并说明原因，其他单位照常导入',
      roles: ['examiner', 'admin'],
      params: CycleParams,
      query: NoQuery,
      authorize: (actor) => requireExaminer(actor),
      receive: async ({ headers }, source) => {
        const bytes = await receiveWorkbook(headers['content-type'], source);
        // A retry under the same Idempotency-Key must be the same file.
        const hash = createHash('sha256').update(bytes).digest('hex');
        return { value: bytes, hash, discard: async () => {} };
      },
      response: ReviewImportV1,
      handler: async ({ actor, params, received }) => ({ body: await services.reviewImport.importWorkbook(actor, params.cycle, received) }),
    }),
  ];
}
