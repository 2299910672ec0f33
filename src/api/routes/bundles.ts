/**
 * Audit bundles (审计包): one run with everything a third-party evaluator needs to
 * re-check it offline (bundle/v1, docs/audit-bundle.md), saved as a JSON file.
 */
import { bundleSchema } from '../../audit/index.js';
import { bundleFileName } from '../../report/file-names.js';
import type { Services } from '../../services/index.js';
import { cycleIdOf } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { RunParams } from '../schemas/path-params.js';
import { NoQuery } from './run-params.js';

export function bundleRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/bundle',
      summary: '导出一次评分的审计包（bundle/v1，JSON 文件：考核细则、各单位证据及存储记录、结果、评分、完整审计链、第三方评估意见；考核组、第三方评价机构）',
      roles: ['examiner', 'auditor', 'admin'],
      params: RunParams,
      query: NoQuery,
      response: bundleSchema,
      handler: async ({ actor, params }) => {
        // Streamed: a large run's bundle is hundreds of megabytes, never held whole.
        const bundle = await services.bundles.stream(actor, params.cycle, params.run);
        return {
          bytes: {
            data: bundle,
            contentType: 'application/json; charset=utf-8',
            fileName: bundleFileName(cycleIdOf(params.cycle), params.run),
            disposition: 'attachment',
          },
        };
      },
    }),
  ];
}
