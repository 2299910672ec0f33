/**
 * Materials (佐证材料): files a city attaches to its own draft (documents, reports,
 * data sheets), stored in the database with their original name, type, size and
 * SHA-256, and read back by whoever may read the unit.
 *
 * An upload is taken in three steps, so that the file is never held in memory and
 * nothing is read that would be refused: `prepare` checks who uploads what to which
 * draft (before a byte of the file is read), `receive` streams the file into storage
 * while hashing and counting it (over the limit, what was written is removed), and
 * `record` lists it under the submission's lock, where a submit cannot slip in between.
 */
import { problem } from '../../core/errors.js';
import { type Actor, requireReadUnit, requireWriteUnit } from '../access/actor.js';
import { ServiceError, conflict, invalid, notFound } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { STALE } from '../ports.js';
import { type CycleKey, cycleKeyOf, inCycle, type MaterialRecord, type StoredFile, subjects } from '../../records/index.js';
import { cycleName } from '../cycles/cycle-lookup.js';
import { journaledWrite } from '../audit/journal.js';
import type { CycleUnit } from './submissions.js';
import { characters, textFault, truncate } from '../text.js';

/** What an upload's headers say about the file. */
export interface UploadHeaders {
  /** The Content-Type header, if any. */
  readonly contentType?: string;
  /** The X-Filename header: the original name, percent-encoded UTF-8. */
  readonly fileName?: string;
  /** The X-Item-Code header: the rubric item the material supports. */
  readonly itemCode?: string;
  /** The Content-Length header, if the client sent one. */
  readonly contentLength?: string;
}

/** An upload whose caller, draft and headers were checked: what is recorded with the file. */
export interface PendingUpload {
  readonly year: number;
  /** The assessing body when the cycle is not the tree root's. */
  readonly body?: string;
  readonly unitCode: string;
  readonly itemCode?: string;
  readonly originalName: string;
  readonly contentType: string;
}

const MEDIA_TYPE = /^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*(?:\s*;\s*[\w.+-]+=(?:[\w.+-]+|"[^"\\\r\n]*"))*$/;
/** Characters that reorder how a name is shown (bidi controls) or are invisible marks: "report\u202Efdp.exe" shows as "reportexe.pdf". */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const MAX_NAME_CHARACTERS = 255;

const headerProblem = (header: string, message: string) => invalid(message, [problem('schema_invalid', `$.headers["${header}"]`, message)]);
const tooLarge = (max: number) => new ServiceError('too_large', `文件超过大小上限 ${max} 字节`);

/** The original file name from X-Filename, or why it cannot be used. */
function originalName(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw headerProblem('x-filename', '请在 X-Filename 头中提供文件原名（UTF-8，百分号编码）');
  // HTTP carries header bytes as Latin-1: a name sent unencoded would arrive garbled, so only its percent-encoded form is taken.
  if (!/^[\x20-\x7e]+$/.test(header))
    throw headerProblem('x-filename', 'X-Filename 须为百分号编码的 UTF-8（如 encodeURIComponent 的结果），不能直接含非 ASCII 字符');
  let name: string;
  try {
    name = decodeURIComponent(header.trim());
  } catch {
    throw headerProblem('x-filename', 'X-Filename 不是有效的百分号编码 UTF-8');
  }
  const fault = textFault(name);
  if (fault !== undefined) throw headerProblem('x-filename', `文件名${fault}`);
  if (BIDI.test(name)) throw headerProblem('x-filename', '文件名不能包含改变文字显示方向的控制字符（U+202A–U+202E、U+2066–U+2069、U+200E、U+200F、U+061C）');
  // A name is shown and offered back as a download name: no paths, nothing empty.
  if (!/\S/.test(name) || characters(name) > MAX_NAME_CHARACTERS || /[/\\\t\n\r]/.test(name) || name === '.' || name === '..') {
    throw headerProblem('x-filename', `文件名不能为空、不能超过 ${MAX_NAME_CHARACTERS} 个字符，且不能包含路径分隔符或控制字符`);
  }
  return name;
}

function mediaType(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '') return 'application/octet-stream';
  if (value.length > 200 || !MEDIA_TYPE.test(value)) throw headerProblem('content-type', `Content-Type 不是有效的媒体类型：${truncate(value, 80)}`);
  return value;
}

/** Runs `run` while no other write to the unit's submission runs (see record-lock.ts). */
type Locked = <T>(key: CycleKey, unitCode: string, run: () => Promise<T>) => Promise<T>;

export function materialService(deps: ServiceDeps, cycleUnit: (key: CycleKey, unitCode: string) => Promise<CycleUnit>, locked: Locked) {
  const { stores, clock, maxUploadBytes } = deps;
  const { tree } = deps.unitTree;
  const frozen = (key: CycleKey, unitCode: string) => conflict(`${unitCode} 的 ${cycleName(tree, key)}材料已提交，已冻结，不能再上传附件`);

  return {
    /** Everything that can be checked before the file is read: who, which draft, which name, type and item, and a declared size. */
    async prepare(actor: Actor, key: CycleKey, unitCode: string, headers: UploadHeaders): Promise<PendingUpload> {
      requireWriteUnit(actor, unitCode);
      const { rubric } = await cycleUnit(key, unitCode);
      const name = originalName(headers.fileName);
      const contentType = mediaType(headers.contentType);
      const itemCode = headers.itemCode?.trim() || undefined;
      if (itemCode !== undefined && !rubric.items.has(itemCode))
        throw headerProblem('x-item-code', `考核细则中没有编码为 "${truncate(itemCode, 40)}" 的考核要点`);
      if (headers.contentLength !== undefined && /^\d+$/.test(headers.contentLength) && Number(headers.contentLength) > maxUploadBytes)
        throw tooLarge(maxUploadBytes);
      // Checked again when the file is recorded; refusing now spares reading a file that could not be kept.
      if ((await stores.submissions.get(key, unitCode))?.state === 'submitted') throw frozen(key, unitCode);
      return { ...key, unitCode, ...(itemCode === undefined ? {} : { itemCode }), originalName: name, contentType };
    },

    /** Streams the file into storage; over the limit (413) or empty (400), nothing is left behind. */
    async receive(upload: PendingUpload, source: AsyncIterable<Uint8Array>): Promise<StoredFile> {
      const stored = await stores.materials.store(source, maxUploadBytes, { ...cycleKeyOf(upload), unitCode: upload.unitCode, name: upload.originalName });
      if (stored === 'too_large') throw tooLarge(maxUploadBytes);
      if (stored.size === 0) {
        await stores.materials.discard(stored);
        throw invalid('上传的文件是空的', [problem('schema_invalid', '$.body', '请求体为空')]);
      }
      return stored;
    },

    /** Removes a received file that will not be recorded. */
    discard: (file: StoredFile) => stores.materials.discard(file),

    /** Lists the received file as a material of the draft, and logs it. */
    async record(actor: Actor, upload: PendingUpload, file: StoredFile): Promise<MaterialRecord> {
      requireWriteUnit(actor, upload.unitCode);
      const key = cycleKeyOf(upload);
      const { unitCode } = upload;
      const record = await locked(key, unitCode, async () => {
        if ((await stores.submissions.get(key, unitCode))?.state === 'submitted') throw frozen(key, unitCode);
        const meta = { ...upload, uploadedBy: actor.username, uploadedAt: clock.now().toISOString() };
        return journaledWrite(stores, clock, actor, {
          change: {
            action: 'material.upload',
            subject: subjects.material(file.fileId),
            year: key.year,
            unitCode,
            before: null,
            after: { id: file.fileId, ...meta, size: file.size, sha256: file.sha256 },
            detail: upload.originalName,
          },
          write: () => stores.materials.put(meta, file),
        });
      });
      if (record === null || record === STALE) throw new Error(`material ${file.fileId}: not recorded`);
      return record;
    },

    async download(actor: Actor, key: CycleKey, unitCode: string, id: string): Promise<{ record: MaterialRecord; data: AsyncIterable<Uint8Array> }> {
      requireReadUnit(actor, unitCode);
      const found = await stores.materials.get(id);
      // A material of another unit or cycle is "not here", whoever asks.
      if (!found || !inCycle(found.record, key) || found.record.unitCode !== unitCode) throw notFound(`附件 ${id} `);
      return found;
    },
  };
}
