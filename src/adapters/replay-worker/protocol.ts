/** What the replay worker sends back: its half of the replay, or why it has none. */
import type { ReplayAside } from '../../audit/index.js';

export type AsideReply = { readonly ok: true; readonly aside: ReplayAside } | { readonly ok: false; readonly message: string };
