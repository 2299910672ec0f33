/**
 * The audit chain: each entry's hash covers its own fields and the previous entry's
 * hash, so changing, removing or reordering any entry breaks every hash after it.
 */
import { contentHash } from '../core/index.js';
import type { AuditEvent } from './ports.js';

/** The prevHash of the first entry. */
export const GENESIS = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

export function sealEvent(event: Omit<AuditEvent, 'hash'>): AuditEvent {
  const { seq, at, actor, action, subject, year, unitCode, beforeHash, afterHash, detail, prevHash } = event;
  const fields = { seq, at, actor, action, subject, year, unitCode, beforeHash, afterHash, detail, prevHash };
  return { ...fields, hash: contentHash(fields) };
}

export interface ChainBreak {
  readonly seq: number;
  readonly reason: string;
}

/** The first entry that does not fit the chain, or null when all do. */
export function firstBreak(events: readonly AuditEvent[]): ChainBreak | null {
  let prev = GENESIS;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as AuditEvent;
    if (e.seq !== i + 1) return { seq: e.seq, reason: `序号应为 ${i + 1}，实际为 ${e.seq}（有记录缺失或重排）` };
    if (e.prevHash !== prev) return { seq: e.seq, reason: '前一条记录的哈希不符（前一条记录被改动或删除）' };
    if (sealEvent(e).hash !== e.hash) return { seq: e.seq, reason: '记录内容与其哈希不符（记录被改动）' };
    prev = e.hash;
  }
  return null;
}
