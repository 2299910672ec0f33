/**
 * Importing a filled evidence template (.xlsx) as the unit's draft: all or nothing.
 * The workbook is read by the adapter (deps.workbooks), turned into items by the pure
 * importer (spreadsheet/evidence-import.ts) and, only when it has no problem at all,
 * saved through the same use case as the API's PUT: same authorisation, version check
 * (409 when stale), checks against the rubric and audit entry. A workbook with any
 * problem changes nothing and the 400 lists every problem with its cell as the path.
 */
import { canonicalJson } from '../../core/provenance/canonical-json.js';
import type { CycleKey, UnitItem } from '../../records/index.js';
import { type ImportProblem, importEvidence } from '../../spreadsheet/evidence-import.js';
import { type Actor, requireWriteUnit } from '../access/actor.js';
import { ServiceError, type ServiceProblem, invalid } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { textFault } from '../text.js';
import { type SubmissionView, submissionService } from './submissions.js';

/** One workbook problem as the API lists it: the cell as the path, the rest in one Chinese sentence and in parts. */
export function workbookProblem(p: ImportProblem): ServiceProblem {
  const where = [p.item, p.field === undefined ? undefined : `“${p.field}”`].filter((s) => s !== undefined).join(' ');
  const found = p.found === undefined || p.found === '' ? '' : `填写的是“${p.found}”，`;
  const cell = {
    ...(p.item === undefined ? {} : { item: p.item }),
    ...(p.field === undefined ? {} : { field: p.field }),
    ...(p.found === undefined ? {} : { found: p.found }),
    reason: p.reason,
  };
  return { path: p.cell, code: 'workbook_cell', message: `${where === '' ? '' : `${where}：`}${found}${p.reason}`, cell };
}

/** The .xlsx content type an import is sent with. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A filled template is well under 1 MB; the reader refuses more than 10 MB, so the upload stops there too. */
export const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  new ServiceError('too_large', `工作簿超过大小上限 ${MAX_WORKBOOK_BYTES / (1024 * 1024)} MB；证据模板通常不到 1 MB，请确认上传的是证据模板`);

/**
 * An uploaded workbook's bytes, read in full up to the limit (the reader needs the whole
 * zip); the reading stops at the first byte past it. A body that does not say it is an
 * .xlsx is refused before it is read.
 */
export async function receiveWorkbook(contentType: string | undefined, source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== XLSX_CONTENT_TYPE && type !== 'application/octet-stream') {
    const message = `请以 Content-Type: ${XLSX_CONTENT_TYPE} 上传 .xlsx 文件（收到的是“${contentType ?? '（无）'}”）`;
    throw invalid(message, [{ path: '$.headers["content-type"]', code: 'content_type', message }]);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > MAX_WORKBOOK_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  if (size === 0) throw invalid('没有收到文件内容', [{ path: '$.body', code: 'body_empty', message: '请求体为空：请上传填好的证据模板（.xlsx）' }]);
  return Buffer.concat(chunks);
}

export function evidenceImportService(deps: ServiceDeps) {
  const submissions = submissionService(deps);

  return {
    /**
     * The unit's draft from the workbook's bytes. `versionRead` is the draft version the
     * file was filled against (If-Match), as for a save; without it, the version the
     * template was exported at. A file that changes nothing
     * (the template imported back without edits) writes nothing: the stored draft
     * stays byte for byte as it was, with its version.
     */
    async importWorkbook(actor: Actor, key: CycleKey, unitCode: string, bytes: Uint8Array, versionRead: number | undefined): Promise<SubmissionView> {
      requireWriteUnit(actor, unitCode);
      const ctx = await submissions.cycleUnit(key, unitCode);
      const read = await deps.workbooks.read(bytes);
      if (!read.ok) throw invalid(`无法导入：${read.reason}`, [{ path: '$.body', code: 'workbook_unreadable', message: read.reason }]);
      const result = importEvidence(
        read.workbook,
        ctx.rubric,
        {
          year: key.year,
          unit: { code: ctx.unit.code, name: ctx.unit.name },
          rubricHash: ctx.cycle.rubricHash,
        },
        { textFault },
      );
      if (!result.ok) throw invalid(`工作簿中有 ${result.problems.length} 个问题，未导入任何内容`, result.problems.map(workbookProblem));

      // Without If-Match, the version the template was exported at (its _kaohe sheet) is the version read.
      const version = versionRead ?? result.submissionVersion;
      const current = await submissions.get(actor, key, unitCode);
      const upToDate = (current.record?.version ?? 0) === (version ?? 0);
      if (current.record?.state !== 'submitted' && upToDate && unchanged(current, result.items, result.selfTotal)) return current;
      const draft = { items: result.items, ...(result.selfTotal === undefined ? {} : { selfTotal: result.selfTotal }) };
      return submissions.save(actor, key, unitCode, draft, version);
    },
  };
}

/** The same items and self-total as stored, whatever the order of their keys. */
function unchanged(current: SubmissionView, items: Readonly<Record<string, UnitItem>>, selfTotal: number | undefined): boolean {
  return canonicalJson(current.items) === canonicalJson(items) && current.record?.selfTotal === selfTotal;
}
