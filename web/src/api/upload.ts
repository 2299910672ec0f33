/**
 * Uploading a material (佐证材料): the raw file as the body of
 * POST /api/cycles/:cycle/submissions/:unit/materials, its name percent-encoded in
 * X-Filename, the checkpoint in X-Item-Code, the CSRF token like every write. Sent with
 * XMLHttpRequest, the one browser API that reports upload progress; errors come back as
 * ApiError with the server's Chinese message (413 over the limit, 400 naming the header).
 */
import { ref } from 'vue';
import { ApiError, type ApiProblem, currentCsrfToken, reportUnauthenticated } from './client';
import type { Material } from './types';

/** The documented default of KAOHE_MAX_UPLOAD_BYTES; a 413 tells the server's own limit. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What the form offers to upload (the server takes any type; these are what an examiner can open). */
export const ACCEPTED_TYPES = '.pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx,.wps,.et,.ofd,.txt,.csv,.zip';
export const ACCEPTED_TYPES_TEXT = 'PDF、图片（JPG、PNG 等）、Word、Excel、WPS、OFD、文本、ZIP 压缩包';

/** The server's upload limit, once a refusal told it (文件超过大小上限 65536 字节). */
export function limitFromMessage(message: string): number | null {
  const m = /上限\s*(\d+)\s*字节/.exec(message);
  return m ? Number(m[1]) : null;
}

/** 1.2 MB, 34.5 KB, 512 字节. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} 字节`;
}

/** Whether the file's name ends in one of the offered types. */
export function acceptedName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  return ACCEPTED_TYPES.split(',').includes(name.slice(dot).toLowerCase());
}

export interface Upload {
  readonly done: Promise<Material>;
  abort(): void;
}

export function uploadMaterial(cycle: string, unit: string, file: File, itemCode: string | undefined, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Material>((resolve, reject) => {
    xhr.open('POST', `/api/cycles/${cycle}/submissions/${encodeURIComponent(unit)}/materials`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-filename', encodeURIComponent(file.name));
    if (itemCode) xhr.setRequestHeader('x-item-code', itemCode);
    xhr.setRequestHeader('x-csrf-token', currentCsrfToken());
    // Content-Length is the browser's to set (from the body); the server refuses an oversized file by it before reading.
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText === '' ? null : JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        onProgress(1);
        resolve(body as Material);
        return;
      }
      if (xhr.status === 401) reportUnauthenticated();
      const e = body as { code?: unknown; message?: unknown; errors?: ApiProblem[] } | null;
      if (e && typeof e.code === 'string' && typeof e.message === 'string') reject(new ApiError(xhr.status, e.code, e.message, e.errors ?? []));
      else if (xhr.status === 413) reject(new ApiError(413, 'too_large', '文件超过服务器允许的大小上限'));
      else reject(new ApiError(xhr.status, 'http_' + xhr.status, `服务器返回错误（HTTP ${xhr.status}）`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传中断：无法连接服务器，请检查网络后重试'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', '已取消上传'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** The file's bytes as a blob: URL, for an <img> in the page or a PDF in a new tab (the download itself is an attachment). */
export async function materialBlobUrl(url: string, contentType: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    if (res.status === 401) reportUnauthenticated();
    throw new ApiError(res.status, 'http_' + res.status, `无法读取材料（HTTP ${res.status}）`);
  }
  const data = await res.arrayBuffer();
  return URL.createObjectURL(new Blob([data], { type: contentType }));
}

/** The limit the pages state: the documented default until the server's refusal tells its own. */
export const uploadLimit = ref(DEFAULT_MAX_UPLOAD_BYTES);
