/**
 * The examiners' field sheet (issue 10): one .xlsx for the on-site team, per unit the
 * submission read-only beside the examiner's columns. Registered before the reviews'
 * `/cycles/:year/reviews/:unit`, which would otherwise take `template.xlsx` for a unit.
 */
import { z } from 'zod';
import { requireExaminer } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams } from '../schemas/path-params.js';
import { XLSX } from './evidence-workbook.js';

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
      path: '/cycles/:year/reviews/template.xlsx',
      summary: '下载实地核查表（.xlsx，考核组离线填写核定值、核查发现、调整分及理由、否决项；每个单位一张工作表，已预填当前审核记录；考核组、管理员）',
      roles: ['examiner', 'admin'],
      params: CycleParams,
      query: UnitsQuery,
      authorize: (actor) => requireExaminer(actor),
      produces: XLSX,
      handler: async ({ actor, params, query }) => {
        const file = await services.reviewSheets.template(actor, params.year, query.units);
        return { bytes: { data: file.bytes, contentType: XLSX, fileName: file.fileName, disposition: 'attachment' } };
      },
    }),
  ];
}
