/**
 * What the service settles on its own: writes a crash interrupted (journal.ts),
 * idempotency keys held by requests that died, and sign-in failures past caring
 * (access/shared-throttle.ts: keys with no lock, quiet for a whole window). Done once at start-up, then now and
 * then while it runs, so that a database that went away and came back, or a crash of
 * another service process, is put right without a restart.
 */
import { type RecoveryReport, recoverInterruptedWrites } from './journal.js';
import type { Clock, Stores } from '../ports.js';
import { ADDRESS_LIMITS, USER_LIMITS } from '../access/session.js';

const HOUSEKEEPING_EVERY_MS = 60_000;

export interface Housekeeping extends RecoveryReport {
  /** Idempotency keys released because their request died. */
  readonly releasedKeys: number;
  /** Sign-in failure keys forgotten (no lock, quiet for a whole window): not worth a line in the log. */
  readonly forgottenSignInKeys: number;
}

/** The longest window either sign-in throttle counts failures in. */
const SIGN_IN_WINDOW_MS = Math.max(USER_LIMITS.windowMs, ADDRESS_LIMITS.windowMs);

export async function settleInterrupted(stores: Stores, clock: Clock): Promise<Housekeeping> {
  const recovery = await recoverInterruptedWrites(stores, clock);
  const releasedKeys = await stores.idempotency.releaseExpired(clock.now().toISOString());
  const now = clock.now().getTime();
  const forgottenSignInKeys = await stores.signInFailures.forgetQuiet(now, now - SIGN_IN_WINDOW_MS);
  return { ...recovery, releasedKeys, forgottenSignInKeys };
}

/** A line for the service's log, or null when there was nothing to settle. */
export function housekeepingLine(done: Housekeeping): string | null {
  const parts: string[] = [];
  if (done.completed.length > 0) parts.push(`补记 ${done.completed.length} 条中断写入的审计记录（#${done.completed.map((e) => e.seq).join('、#')}）`);
  if (done.rolledBack > 0) parts.push(`撤销 ${done.rolledBack} 个未完成的写入`);
  if (done.releasedKeys > 0) parts.push(`释放 ${done.releasedKeys} 个中断请求占用的 Idempotency-Key`);
  if (done.unresolved.length > 0)
    parts.push(`${done.unresolved.length} 个写入无法恢复：${done.unresolved.map((u) => `${u.subject}（${u.reason}）`).join('；')}`);
  return parts.length === 0 ? null : `中断恢复：${parts.join('；')}`;
}

/** Runs settleInterrupted every `everyMs` (errors while the database is away are tried again next time); returns a stop function. */
export function keepSettling(stores: Stores, clock: Clock, log: (line: string) => void, everyMs = HOUSEKEEPING_EVERY_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    settleInterrupted(stores, clock)
      .then((done) => {
        const line = housekeepingLine(done);
        if (line !== null) log(line);
      })
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
