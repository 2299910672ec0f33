/**
 * Chromium, started as root, raises some of its own threads to nice −8 (its UI and display
 * threads), whatever the niceness of the process that started it. A process that runs itself
 * at low priority (the report child, report-worker/index.ts) wants the browser it prints with
 * there too, or printing a large bulletin would again take the cores from the server. So each
 * thread of each process below this one is brought down to this process's niceness.
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

/** Process ids whose parent is `pid`, from /proc (Linux); none elsewhere. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/** Lowers every thread below this process to this process's niceness; nothing when this process runs at normal priority. */
export function keepDescendantsAtOurPriority(): void {
  const ours = os.getPriority();
  if (ours <= 0) return;
  const pending = childrenOf(process.pid);
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    pending.push(...childrenOf(pid));
    for (const tid of threadsOf(pid)) {
      try {
        if (os.getPriority(tid) < ours) os.setPriority(tid, ours);
      } catch {
        // A thread that ended meanwhile.
      }
    }
  }
}
