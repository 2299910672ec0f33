/** What the replay worker is given, and what it sends back: its half of the replay, or why it has none. */
import type { ReplayAside } from '../../audit/index.js';

export interface WorkerInput {
  /** The bundle file's bytes, as this thread read them. */
  readonly bytes: SharedArrayBuffer;
  /** How many ranges of the second evaluator's units either thread has taken (one Int32, in shared memory). */
  readonly count: Int32Array;
}

export type AsideReply = { readonly ok: true; readonly aside: ReplayAside } | { readonly ok: false; readonly message: string };
