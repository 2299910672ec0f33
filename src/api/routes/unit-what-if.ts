/** What would it take (issue 13 §3): a unit's fewest own changes to a goal in a run, and the what-if editor's inputs. Computed, never stored. */
import { requireReadUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import type { GoalName } from '../../services/runs/unit-what-if.js';
import { ROLES } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { ScorecardParams } from '../schemas/path-params.js';
import { UnitWhatIfV1, WhatIfInputsV1, WhatIfQuery } from '../schemas/unit-what-if.js';
import { NoQuery } from './run-params.js';

export function unitWhatIfRoutes(services: Services): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/units/:unit/what-if',
      summary:
        '怎样才能更进一步：在其他单位结果不变的前提下，本单位最少要改变哪些自己填报的数据（在取值范围和步长内，不含考核组的评价和备案目标）才能达到目标，每项改变注明得分变化。只是推演，不保存为证据；市州用户只能查看已定稿评分中的本单位，且只得知本单位的改变和名次',
      roles: ROLES,
      authorize: (actor, params) => requireReadUnit(actor, params.unit),
      params: ScorecardParams,
      query: WhatIfQuery,
      response: UnitWhatIfV1,
      handler: async ({ actor, params, query }) => {
        const { run, answer } = await services.unitWhatIf.whatIf(actor, params.cycle, params.run, params.unit, (query.goal ?? 'grade') as GoalName);
        return { body: answer, etag: run.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/runs/:run/units/:unit/what-if/inputs',
      summary:
        '模拟测算的数据：本单位在本次评分中所用的证据，和其他单位的总分（不含单位代码和名称），供页面用评分引擎即时重算总分、等次和名次；市州用户只能查看已定稿评分中的本单位',
      roles: ROLES,
      authorize: (actor, params) => requireReadUnit(actor, params.unit),
      params: ScorecardParams,
      query: NoQuery,
      response: WhatIfInputsV1,
      handler: async ({ actor, params }) => {
        const { run, inputs } = await services.unitWhatIf.inputs(actor, params.cycle, params.run, params.unit);
        return { body: inputs, etag: run.version };
      },
    }),
  ];
}
