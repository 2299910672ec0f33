/**
 * How sure a run's ranking is (issue 13): start an analysis with an uncertainty spec, follow
 * it, and download its files. For the provincial office only (examiners, auditors,
 * admins): a city never sees other units' chances. One analysis at a time per server;
 * the same run and spec answer with the analysis already made.
 */
import { uncertaintySpecSchema } from '../../analysis/index.js';
import type { Role } from '../../records/index.js';
import { MAX_DRAWS, MAX_UNIT_SCENARIOS, WORKBOOK_MAX_UNITS } from '../../services/analysis/run-uncertainty.js';
import type { Services } from '../../services/index.js';
import { type RouteSpec, route } from '../route.js';
import { AnalysisParams, RunParams } from '../schemas/path-params.js';
import { AnalysisStatusV1 } from '../schemas/uncertainty.js';
import { NoQuery } from './run-params.js';

const OFFICE: readonly Role[] = ['examiner', 'auditor', 'admin'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function runUncertaintyRoutes(services: Services): RouteSpec[] {
  const base = '/cycles/:cycle/runs/:run/uncertainty';
  return [
    route({
      method: 'post',
      path: base,
      summary:
        `分析名次的不确定性（考核组、评估人员）：按设定（uncertainty-spec/v1，与 kaohe analyse uncertainty --spec 相同）改变考核组评价和测量值，逐一评分。` +
        `抽样次数不超过 ${MAX_DRAWS.toLocaleString('en-US')}，单位数 × 情形数不超过 ${MAX_UNIT_SCENARIOS.toLocaleString('en-US')}。` +
        `开始后为 202（进行中，轮询 GET …/uncertainty/{analysis}）；同一评分、同一设定已有分析时直接返回它（200）；另一项分析进行中时为 429`,
      roles: OFFICE,
      params: RunParams,
      query: NoQuery,
      body: uncertaintySpecSchema,
      response: AnalysisStatusV1,
      successStatuses: [200, 202],
      handler: async ({ actor, params, body }) => {
        const { status } = await services.uncertainty.start(actor, params.cycle, params.run, body);
        return { status: status.state === 'running' ? 202 : 200, body: status };
      },
    }),
    route({
      method: 'get',
      path: base,
      summary: '该评分最近一次的名次不确定性分析（本服务器上，重启后清空）；没有时为 null',
      roles: OFFICE,
      params: RunParams,
      query: NoQuery,
      response: AnalysisStatusV1.nullable(),
      handler: async ({ actor, params }) => ({ body: await services.uncertainty.latest(actor, params.cycle, params.run) }),
    }),
    route({
      method: 'get',
      path: `${base}/:analysis`,
      summary: '一项名次不确定性分析：进行中、已完成（含结果）或失败（含原因）',
      roles: OFFICE,
      params: AnalysisParams,
      query: NoQuery,
      response: AnalysisStatusV1,
      handler: async ({ actor, params }) => ({ body: await services.uncertainty.get(actor, params.cycle, params.run, params.analysis) }),
    }),
    route({
      method: 'get',
      path: `${base}/:analysis/uncertainty.json`,
      summary: '分析的完整结果（uncertainty/v1 JSON，含每个名次的概率；与 kaohe analyse uncertainty --out 逐字节相同）',
      roles: OFFICE,
      params: AnalysisParams,
      query: NoQuery,
      produces: 'application/json',
      handler: async ({ actor, params }) => {
        const { run, data } = await services.uncertainty.file(actor, params.cycle, params.run, params.analysis, 'json');
        return { bytes: { data, contentType: 'application/json; charset=utf-8', fileName: `评分${run.runId}名次的不确定性.json` } };
      },
    }),
    route({
      method: 'get',
      path: `${base}/:analysis/uncertainty.xlsx`,
      summary: `分析结果的 Excel 表（名次的不确定性、名次概率；超过 ${WORKBOOK_MAX_UNITS} 个单位时不提供）`,
      roles: OFFICE,
      params: AnalysisParams,
      query: NoQuery,
      produces: XLSX,
      handler: async ({ actor, params }) => {
        const { run, data } = await services.uncertainty.file(actor, params.cycle, params.run, params.analysis, 'xlsx');
        return { bytes: { data, contentType: XLSX, fileName: `评分${run.runId}名次的不确定性.xlsx` } };
      },
    }),
  ];
}
