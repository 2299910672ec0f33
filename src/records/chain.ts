/**
 * The audit chain: each entry's hash covers its own fields and the previous entry's
 * hash, so changing, removing or reordering any entry breaks every link after it. One
 * walker serves `kaohe audit verify` (the database) and `kaohe audit replay` (a bundle).
 */
import { contentHash } from '../core/index.js';
import type { AuditEvent } from './types.js';

/** The prevHash of the first entry. */
export const GENESIS = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

export function sealEvent(event: Omit<AuditEvent, 'hash'>): AuditEvent {
  const { seq, at, actor, action, subject, year, unitCode, beforeHash, afterHash, detail, prevHash } = event;
  const fields = { seq, at, actor, action, subject, year, unitCode, beforeHash, afterHash, detail, prevHash };
  return { ...fields, hash: contentHash(fields) };
}

/** An entry that does not fit the chain, and every reason why. */
export interface ChainBreak {
  readonly entry: AuditEvent;
  readonly reasons: readonly string[];
}

/** Every entry that does not fit the chain, in order (empty when all do). */
export function chainBreaks(events: readonly AuditEvent[]): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let previous = GENESIS;
  let expected = 1;
  for (const entry of events) {
    const reasons: string[] = [];
    if (entry.seq !== expected) {
      reasons.push(
        entry.seq > expected
          ? `序号应为 ${expected}，实际为 ${entry.seq}（其前有 ${entry.seq - expected} 条记录缺失）`
          : `序号应为 ${expected}，实际为 ${entry.seq}（记录重复或顺序被调换）`,
      );
    }
    if (entry.prevHash !== previous) reasons.push('所记的前一条记录哈希与前一条记录不符（前一条记录被改动、删除或调换了位置）');
    if (sealEvent(entry).hash !== entry.hash) reasons.push('记录内容与其哈希不符（这条记录被改动）');
    if (reasons.length > 0) breaks.push({ entry, reasons });
    previous = entry.hash;
    expected = entry.seq + 1;
  }
  return breaks;
}

/** How a break reads in a report: the entry, what it was about, and why it does not fit. */
export function describeBreak(b: ChainBreak): string {
  return `审计记录 #${b.entry.seq}（${b.entry.action} ${b.entry.subject}）：${b.reasons.join('；')}`;
}
