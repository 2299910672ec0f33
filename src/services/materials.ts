/**
 * Materials (佐证材料): files a city attaches to its own draft (documents, reports,
 * data sheets), stored in the database with their original name, type, size and
 * SHA-256, and read back by whoever may read the unit.
 */
import { createHash } from 'node:crypto';
import { problem } from '../core/errors.js';
import { type Actor, requireReadUnit, requireWriteUnit } from './actor.js';
import { ServiceError, conflict, invalid, notFound } from './errors.js';
import type { ServiceDeps } from './index.js';
import type { MaterialRecord } from './ports.js';
import { logChange, subjects } from './records.js';
import type { CycleUnit } from './submissions.js';

export interface Upload {
  readonly data: Uint8Array;
  /** The Content-Type header, if any. */
  readonly contentType?: string;
  /** The X-Filename header: the original name, percent-encoded UTF-8. */
  readonly fileName?: string;
  /** The X-Item-Code header: the rubric item the material supports. */
  readonly itemCode?: string;
}

const MEDIA_TYPE = /^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*(?:\s*;\s*[\w.+-]+=(?:[\w.+-]+|"[^"\\\r\n]*"))*$/;

const headerProblem = (header: string, message: string) => invalid(message, [problem('schema_invalid', `$.headers["${header}"]`, message)]);

/** The original file name from X-Filename, or why it cannot be used. */
function originalName(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw headerProblem('x-filename', '请在 X-Filename 头中提供文件原名（UTF-8，百分号编码）');
  let name: string;
  try {
    name = decodeURIComponent(header.trim());
  } catch {
    throw headerProblem('x-filename', 'X-Filename 不是有效的百分号编码 UTF-8');
  }
  // A name is shown and offered back as a download name: no paths, no control characters.
  if (!/\S/.test(name) || name.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(name) || name === '.' || name === '..') {
    throw headerProblem('x-filename', '文件名不能为空、不能超过 255 个字符，且不能包含路径分隔符或控制字符');
  }
  return name;
}

function mediaType(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '') return 'application/octet-stream';
  if (value.length > 200 || !MEDIA_TYPE.test(value)) throw headerProblem('content-type', `Content-Type 不是有效的媒体类型：${value.slice(0, 80)}`);
  return value;
}

/** Runs `run` while no other write to the unit's submission runs (see record-lock.ts). */
type Locked = <T>(year: number, unitCode: string, run: () => Promise<T>) => Promise<T>;

export function materialService(deps: ServiceDeps, cycleUnit: (year: number, unitCode: string) => Promise<CycleUnit>, locked: Locked) {
  const { stores, clock, maxUploadBytes } = deps;

  return {
    async upload(actor: Actor, year: number, unitCode: string, upload: Upload): Promise<MaterialRecord> {
      requireWriteUnit(actor, unitCode);
      const { rubric } = await cycleUnit(year, unitCode);
      const name = originalName(upload.fileName);
      const contentType = mediaType(upload.contentType);
      const itemCode = upload.itemCode?.trim() || undefined;
      if (itemCode !== undefined && !rubric.items.has(itemCode)) throw headerProblem('x-item-code', `考核细则中没有编码为 "${itemCode.slice(0, 40)}" 的考核要点`);
      if (upload.data.length === 0) throw invalid('上传的文件是空的', [problem('schema_invalid', '$.body', '请求体为空')]);
      if (upload.data.length > maxUploadBytes) throw new ServiceError('too_large', `文件超过大小上限 ${maxUploadBytes} 字节`);

      // Checked and stored under the submission's lock: a submit cannot slip in between and freeze a list that then grows.
      const record = await locked(year, unitCode, async () => {
        const submission = await stores.submissions.get(year, unitCode);
        if (submission?.state === 'submitted') throw conflict(`${unitCode} 的 ${year} 年度材料已提交，已冻结，不能再上传附件`);
        return stores.materials.put(
          {
            year,
            unitCode,
            ...(itemCode === undefined ? {} : { itemCode }),
            originalName: name,
            contentType,
            size: upload.data.length,
            sha256: createHash('sha256').update(upload.data).digest('hex'),
            uploadedBy: actor.username,
            uploadedAt: clock.now().toISOString(),
          },
          upload.data,
        );
      });
      await logChange(stores, clock, actor, {
        action: 'material.upload',
        subject: subjects.material(record.id),
        year,
        unitCode,
        before: null,
        after: record,
        detail: name,
      });
      return record;
    },

    async download(actor: Actor, year: number, unitCode: string, id: string): Promise<{ record: MaterialRecord; data: Uint8Array }> {
      requireReadUnit(actor, unitCode);
      const found = await stores.materials.get(id);
      // A material of another unit or year is "not here", whoever asks.
      if (!found || found.record.year !== year || found.record.unitCode !== unitCode) throw notFound(`附件 ${id} `);
      return found;
    },
  };
}

export type MaterialService = ReturnType<typeof materialService>;
