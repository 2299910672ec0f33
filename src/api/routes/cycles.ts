/** Cycles: one per year, bound to a published rubric of that year, with a deadline, made by an assessing body over units of its subtree. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { ROLES } from '../../records/index.js';
import type { AssessingCycle } from '../../services/cycles/cycle-units.js';
import { RUBRIC_ID_PATTERN } from '../../services/rubrics/rubric-loader.js';
import { boundedText } from '../../services/text.js';
import { type RouteSpec, route } from '../route.js';
import { CycleParams, yearNumber } from '../schemas/path-params.js';

/** A line on a cover: an office, a name and a telephone number fit well within it. */
const CONTACT_MAX = 200;
/** Every county-level unit of the country (2,851) fits, with room to spare. */
const UNITS_MAX = 10_000;
const unitCode = z.string().regex(/^\d{6}$/, '单位代码应为 6 位数字的行政区划代码（GB/T 2260）');

export const NewCycleV1 = z.strictObject({
  year: yearNumber.describe('考核年度'),
  rubric: z.string().regex(RUBRIC_ID_PATTERN, '考核细则应以内容哈希指明：sha256:<64 位十六进制>').describe('已发布、且年度相同的考核细则的内容哈希'),
  deadline: z.iso.datetime({ offset: true, error: '截止时间应为带时区的 ISO 8601 时间，例如 2016-03-31T23:59:59+08:00' }).describe('提交截止时间'),
  targetDeadline: z.iso
    .datetime({ offset: true, error: '目标备案截止时间应为带时区的 ISO 8601 时间，例如 2015-03-31T23:59:59+08:00' })
    .describe('目标备案截止时间：此前各单位可以备案目标，此后只有考核组可以审核；省略时备案开放至提交截止时间')
    .optional(),
  contact: boundedText(CONTACT_MAX, { trim: true })
    .regex(/\S/, '联系方式不能为空；不需要时请省略该字段')
    .describe('考核联系人及联系方式（如：省质量发展领导小组办公室 张三 0931-0000000），印在证据模板和实地核查表的封面上')
    .optional(),
  body: unitCode.describe('考核主体（考核单位的人民政府）的行政区划代码；省略时为单位树的根（省）').optional(),
  units: z
    .array(unitCode)
    .max(UNITS_MAX, `所考核的单位不能超过 ${UNITS_MAX} 个`)
    .describe('所考核单位的行政区划代码，须在考核主体的辖区内；省略时省考核单位名录中的单位，市考核其下辖各县区')
    .optional(),
});

export const CycleV1 = z.object({
  id: z.string().describe('考核周期编号：省级考核为年度（如 2015），其他考核主体为“年度-主体代码”（如 2015-620100）'),
  year: z.number().int(),
  rubric: z.string().describe('考核细则的内容哈希'),
  rubricId: z.string(),
  deadline: z.string().describe('提交截止时间（UTC）'),
  targetDeadline: z.string().optional().describe('目标备案截止时间（UTC）；省略时备案开放至提交截止时间'),
  contact: z.string().optional().describe('考核联系人及联系方式'),
  body: z.string().describe('考核主体的行政区划代码'),
  bodyName: z.string().describe('考核主体的名称'),
  units: z.array(z.string()).describe('所考核单位的行政区划代码'),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
});

function cycleBody(c: AssessingCycle): z.infer<typeof CycleV1> {
  return {
    id: c.id,
    year: c.year,
    rubric: c.rubricHash,
    rubricId: c.rubricId,
    deadline: c.deadline,
    ...(c.targetDeadline === undefined ? {} : { targetDeadline: c.targetDeadline }),
    ...(c.contact === undefined ? {} : { contact: c.contact }),
    body: c.body,
    bodyName: c.bodyName,
    units: [...c.units],
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    version: c.version,
  };
}

export function cycleRoutes(services: Services): RouteSpec[] {
  const cycles = services.cycles;
  return [
    route({
      method: 'get',
      path: '/cycles',
      summary: '考核周期列表',
      roles: ROLES,
      response: z.array(CycleV1),
      handler: async ({ actor }) => ({ body: (await cycles.list(actor)).map(cycleBody) }),
    }),
    route({
      method: 'post',
      path: '/cycles',
      summary: '创建年度考核周期（每个考核主体每年一个）',
      successStatuses: [201],
      roles: ['examiner', 'admin'],
      body: NewCycleV1,
      response: CycleV1,
      handler: async ({ actor, body }) => {
        const cycle = await cycles.create(actor, body);
        return { status: 201, body: cycleBody(cycle), etag: cycle.version };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle',
      summary: '读取年度考核周期',
      roles: ROLES,
      params: CycleParams,
      response: CycleV1,
      handler: async ({ actor, params }) => {
        const cycle = await cycles.get(actor, params.cycle);
        return { body: cycleBody(cycle), etag: cycle.version };
      },
    }),
  ];
}
