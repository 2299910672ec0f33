/**
 * Reports of a run, as files: the bulletin (internal and public editions), its PDF, the
 * workbook, the ranking CSV, the charts and each unit's scorecard; the same bytes
 * `kaohe assess` writes for the same results (a draft's bulletin is marked as one).
 * Saved under Chinese file names (RFC 5987 filename*), e.g. 2015年度质量工作考核通报.pdf.
 */
import type { Actor } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { type CycleKey, ROLES, type Role } from '../../records/index.js';
import {
  CHARTS_FOLDER,
  REPORT_FILES,
  REPORT_URL_NAMES,
  SAVED_NAMES,
  SCORECARDS_FOLDER,
  chartPath,
  savedChartName,
  savedScorecardName,
  scorecardPath,
} from '../../report/file-names.js';
import type { ReportFile } from '../../services/reports/reports.js';
import { type Reply, type RouteSpec, route } from '../route.js';
import { ChartParams, RunParams, ScorecardParams } from '../schemas/path-params.js';
import { NoQuery } from './run-params.js';

/** Every file of a run's report is internal except the public edition and a unit's own scorecard. */
const INTERNAL: readonly Role[] = ['examiner', 'auditor', 'admin'];

const HTML = 'text/html; charset=utf-8';
const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';
const PNG = 'image/png';

interface Download {
  readonly contentType: string;
  /** Shown by a browser (HTML, PDF, images) rather than only saved. */
  readonly inline: boolean;
  readonly name: (file: ReportFile) => string;
}

/**
 * The file as a download. A file the server cannot make (no Chromium, no CJK font) is
 * the service's 'unavailable' error, a 503 saying what to install (api/errors.ts).
 */
async function served(read: () => Promise<ReportFile>, download: Download): Promise<Reply> {
  const file = await read();
  return {
    bytes: { data: file.data, contentType: download.contentType, fileName: download.name(file), disposition: download.inline ? 'inline' : 'attachment' },
  };
}

interface RunFile {
  /** Which file: its URL segment, its name in the set and its saved name all follow (report/file-names.ts). */
  readonly kind: keyof typeof REPORT_URL_NAMES;
  readonly summary: string;
  readonly roles: readonly Role[];
  readonly contentType: string;
  readonly inline: boolean;
  readonly errorStatuses?: readonly number[];
}

const RUN_FILES: readonly RunFile[] = [
  {
    kind: 'bulletin',
    summary: '考核结果通报（内部版，HTML：排名、统计图表和各单位评分表；超过 100 个单位时不附评分表，图表为分布、前后 20 名和各市州汇总；草稿会标明）',
    roles: INTERNAL,
    contentType: HTML,
    inline: true,
  },
  {
    kind: 'publicBulletin',
    summary: '考核结果通报（公开版，HTML：只列各等次及其单位，不含得分和名次）；市州用户可查看已定稿的',
    roles: ROLES,
    contentType: HTML,
    inline: true,
  },
  {
    kind: 'pdf',
    summary: '考核结果通报（内部版，PDF，A4）；服务器未安装 Chromium 或中文字体时为 503',
    roles: INTERNAL,
    contentType: PDF,
    inline: true,
    errorStatuses: [503],
  },
  {
    kind: 'workbook',
    summary: '考核结果工作簿（Excel：排名、各单位考核要点得分、每个单位一张表）',
    roles: INTERNAL,
    contentType: XLSX,
    inline: false,
  },
  {
    kind: 'ranking',
    summary: '考核排名（CSV，UTF-8 带 BOM，Excel 和 WPS 可直接打开）',
    roles: INTERNAL,
    contentType: CSV,
    inline: false,
  },
];

const chart = (name: string): Download => ({ contentType: PNG, inline: true, name: (f) => savedChartName(f.run, name) });
const SCORECARD: Download = { contentType: HTML, inline: true, name: (f) => savedScorecardName(f.run, f.unitName ?? '') };

export function reportRoutes(services: Services): RouteSpec[] {
  const read = (actor: Actor, cycle: CycleKey, run: string, name: string) => () => services.reports.file(actor, cycle, run, name);
  return [
    ...RUN_FILES.map((f) => {
      const download: Download = { contentType: f.contentType, inline: f.inline, name: (file) => SAVED_NAMES[f.kind](file.run) };
      return route({
        method: 'get',
        path: `/cycles/:cycle/runs/:run/${REPORT_URL_NAMES[f.kind]}`,
        summary: f.summary,
        roles: f.roles,
        params: RunParams,
        query: NoQuery,
        produces: f.contentType,
        errorStatuses: f.errorStatuses,
        handler: ({ actor, params }) => served(read(actor, params.cycle, params.run, REPORT_FILES[f.kind]), download),
      });
    }),
    route({
      method: 'get',
      path: `/cycles/:cycle/runs/:run/${CHARTS_FOLDER}/:chart`,
      summary: '通报中的统计图表（PNG）；服务器未安装中文字体时为 503',
      roles: INTERNAL,
      params: ChartParams,
      query: NoQuery,
      produces: PNG,
      errorStatuses: [503],
      handler: ({ actor, params }) => served(read(actor, params.cycle, params.run, chartPath(params.chart)), chart(params.chart)),
    }),
    route({
      method: 'get',
      path: `/cycles/:cycle/runs/:run/${SCORECARDS_FOLDER}/:unit.html`,
      summary: '一个单位的考核评分表（HTML）；超过 100 个单位时在首次请求时生成；市州用户只能查看本单位已定稿的',
      roles: ROLES,
      params: ScorecardParams,
      query: NoQuery,
      produces: HTML,
      handler: ({ actor, params }) => served(read(actor, params.cycle, params.run, scorecardPath(params.unit)), SCORECARD),
    }),
  ];
}
