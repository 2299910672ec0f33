/**
 * Reading a request's body, only once the caller is known to be allowed to send it
 * (app.ts): as a stream of chunks for uploads, or as JSON of bounded size, decoded as
 * strict UTF-8 and parsed, with the position of a syntax error.
 */
import type { IncomingMessage } from 'node:http';
import { RequestError, headerRefused, refused } from './request-problems.js';

/**
 * The body as chunks. A consumer that stops early (a file over the limit) leaves the
 * rest to be read and dropped, rather than destroying the connection the answer is
 * still to be sent on; nothing of it is kept.
 */
export async function* bodyChunks(req: IncomingMessage): AsyncGenerator<Uint8Array> {
  let complete = false;
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
    complete = true;
  } catch (error) {
    // The client went away mid-body: nothing to answer, but not the server's fault either.
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') throw new RequestError(400, 'body_incomplete', '请求体未传完，连接已中断');
    throw error;
  } finally {
    if (!complete) req.resume();
  }
}

export const tooLarge = (limit: number) => new RequestError(413, 'too_large', `请求体过大（上限 ${limit} 字节）`);

/** A Content-Length over the limit is refused before a byte is read. */
function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit;
}

async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredTooLarge(req, limit)) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bodyChunks(req)) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Which part of the JSON text is wrong: the offset where a parser must stop, or -1. */
function syntaxErrorOffset(s: string): number {
  const WS = ' \t\n\r';
  const stack: string[] = [];
  let state: 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'after' = 'value';
  let i = 0;
  const string = (): boolean => {
    i++; // the opening quote
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (;;) {
    while (i < s.length && WS.includes(s.charAt(i))) i++;
    if (i >= s.length) return state === 'after' && stack.length === 0 ? -1 : i;
    const c = s.charAt(i);
    switch (state) {
      case 'valueOrClose':
      case 'value':
        if (state === 'valueOrClose' && c === ']') {
          stack.pop();
          i++;
          state = 'after';
        } else if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          state = c === '{' ? 'keyOrClose' : 'valueOrClose';
        } else if (c === '"') {
          if (!string()) return i;
          state = 'after';
        } else {
          const literal = ['true', 'false', 'null'].find((w) => s.startsWith(w, i));
          NUMBER.lastIndex = i;
          if (literal) i += literal.length;
          else if (NUMBER.test(s)) i = NUMBER.lastIndex;
          else return i;
          state = 'after';
        }
        break;
      case 'keyOrClose':
      case 'key':
        if (state === 'keyOrClose' && c === '}') {
          stack.pop();
          i++;
          state = 'after';
        } else if (c !== '"' || !string()) return i;
        else state = 'colon';
        break;
      case 'colon':
        if (c !== ':') return i;
        i++;
        state = 'value';
        break;
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return i;
        if (c === ',') state = top === '{' ? 'key' : 'value';
        else if ((c === '}' && top === '{') || (c === ']' && top === '[')) stack.pop();
        else return i;
        i++;
        break;
      }
    }
  }
}

function invalidJson(text: string): RequestError {
  const offset = Math.max(0, syntaxErrorOffset(text));
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const message =
    offset >= text.length
      ? `请求体不是有效的 JSON：在末尾（第 ${line} 行第 ${column} 列）意外结束`
      : `请求体不是有效的 JSON：第 ${line} 行第 ${column} 列（位置 ${offset}）有误`;
  return refused(message, [{ path: '$.body', code: 'json_invalid', message }]);
}

/**
 * The JSON body, or undefined when there is none. Any Content-Type is read as JSON
 * (clients forget the header); a charset other than UTF-8, or bytes that are not
 * UTF-8, are refused rather than guessed at.
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset))
    throw headerRefused('content-type', 'charset_unsupported', `请求体只接受 UTF-8 编码（Content-Type 中为 ${charset.slice(0, 40)}）`);
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && !/^identity$/i.test(encoding.trim()))
    throw headerRefused('content-encoding', 'encoding_unsupported', '请求体不接受压缩（Content-Encoding）');
  const bytes = await readBytes(req, limit);
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw refused('请求体不是有效的 UTF-8 文本', [{ path: '$.body', code: 'text_invalid', message: '请求体含有不是 UTF-8 的字节' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidJson(text);
  }
}
