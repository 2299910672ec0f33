/** Materials of a submission: upload (raw body, own unit's draft only) and download. */
import { z } from 'zod';
import { contentHash } from '../../core/index.js';
import { requireWriteUnit } from '../../services/access/actor.js';
import type { Services } from '../../services/index.js';
import { type MaterialRecord, ROLES } from '../../records/index.js';
import { type RouteSpec, route } from '../route.js';
import { MaterialParams, UnitParams } from '../schemas/path-params.js';

export const MaterialV1 = z.object({
  id: z.string(),
  year: z.number().int(),
  unitCode: z.string(),
  itemCode: z.string().optional().describe('所佐证的考核要点'),
  originalName: z.string().describe('文件原名'),
  contentType: z.string(),
  size: z.number().int().describe('字节数'),
  sha256: z.string().describe('文件内容的 SHA-256（十六进制）'),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export function materialBody(m: MaterialRecord): z.infer<typeof MaterialV1> {
  return {
    id: m.id,
    year: m.year,
    unitCode: m.unitCode,
    itemCode: m.itemCode,
    originalName: m.originalName,
    contentType: m.contentType,
    size: m.size,
    sha256: m.sha256,
    uploadedBy: m.uploadedBy,
    uploadedAt: m.uploadedAt,
  };
}

export function materialRoutes(services: Services): RouteSpec[] {
  const materials = services.submissions.materials;
  return [
    route({
      method: 'post',
      path: '/cycles/:cycle/submissions/:unit/materials',
      summary: '上传佐证材料（请求体为文件内容；X-Filename：百分号编码的文件原名；可选 X-Item-Code：考核要点编码；仅限本单位草稿，截止时间后、提交前仍可上传）',
      successStatuses: [201],
      roles: ['city'],
      params: UnitParams,
      authorize: (actor, params) => requireWriteUnit(actor, params.unit),
      receive: async ({ actor, params, headers }, source) => {
        const upload = await materials.prepare(actor, params.cycle, params.unit, {
          contentType: headers['content-type'],
          fileName: headers['x-filename'],
          itemCode: headers['x-item-code'],
          contentLength: headers['content-length'],
        });
        const file = await materials.receive(upload, source);
        // A retry under the same Idempotency-Key must be the same file, under the same name, for the same item.
        const hash = contentHash({ sha256: file.sha256, name: upload.originalName, type: upload.contentType, item: upload.itemCode ?? null });
        return { value: { upload, file }, hash, discard: () => materials.discard(file) };
      },
      response: MaterialV1,
      handler: async ({ actor, received }) => {
        const record = await materials.record(actor, received.upload, received.file);
        return { status: 201, body: materialBody(record) };
      },
    }),
    route({
      method: 'get',
      path: '/cycles/:cycle/submissions/:unit/materials/:id',
      summary: '下载佐证材料（原文件内容、类型与文件名）',
      roles: ROLES,
      params: MaterialParams,
      handler: async ({ actor, params }) => {
        const { record, data } = await materials.download(actor, params.cycle, params.unit, params.id);
        return { bytes: { data, length: record.size, contentType: record.contentType, fileName: record.originalName } };
      },
    }),
  ];
}
