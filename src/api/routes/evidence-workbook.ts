/**
 * Evidence offline (issue 10): the unit's evidence template as an .xlsx to fill in Excel
 * or WPS, and (beside it, added by the import) the filled workbook brought back.
 */
import { requireReadUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { UnitParams } from '../schemas/path-params.js';
import { evidenceImportRoute } from './evidence-import.js';
import { NoQuery } from './run-params.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function evidenceWorkbookRoutes(services: Services): RouteSpec[] {
  const base = '/cycles/:cycle/submissions/:unit';
  return [
    route({
      method: 'get',
      path: `${base}/template.xlsx`,
      summary:
        '下载一个单位的证据模板（.xlsx，可用 Excel 或 WPS 离线填写后导入；已预填当前草稿；市州只能下载本单位的，考核组、第三方评价机构、管理员可下载任一单位的）',
      roles: ROLES,
      params: UnitParams,
      query: NoQuery,
      authorize: (actor, params) => requireReadUnit(actor, params.unit),
      produces: XLSX,
      handler: async ({ actor, params }) => {
        const file = await services.evidenceTemplates.template(actor, params.cycle, params.unit);
        return { etag: file.version, bytes: { data: file.bytes, contentType: XLSX, fileName: file.fileName, disposition: 'attachment' } };
      },
    }),
    evidenceImportRoute(services),
  ];
}
