/**
 * The audit trail as readers see it: the entries, filtered by cycle, unit, actor and
 * time, for examiners, auditors and admins; and verify(), which checks the chain and
 * the stored records against it (`kaohe audit verify`).
 */
import { type AuditKind, actionsOfKind } from '../../audit/audit-actions.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import { verify } from './audit-verify.js';
import { servedBody } from '../access/scope.js';
import { visibleTo } from './trail-scope.js';
import type { ServiceDeps } from '../index.js';
import type { AuditFilter } from '../ports.js';
import type { AuditEvent } from '../../records/index.js';

export { type VerifyProblem, type VerifyReport, verify } from './audit-verify.js';

/** The most entries one request returns; the store's own default is the same. */
export const MAX_EVENTS = 1000;
/** How many pages of the trail a body's overseer's request reads at most, so that one request stays bounded. */
const SCOPED_PAGES = 20;

export function auditService(deps: ServiceDeps) {
  return {
    /** The entries matching `filter`; `kind` keeps those of one kind of action (sign-ins, reviews…). */
    async events(actor: Actor, filter: Omit<AuditFilter, 'actions'> & { readonly kind?: AuditKind }): Promise<AuditEvent[]> {
      requireOverseer(actor);
      const { kind, ...rest } = filter;
      const actions = kind === undefined ? undefined : actionsOfKind(kind);
      const limit = Math.min(filter.limit ?? MAX_EVENTS, MAX_EVENTS);
      const { tree } = deps.unitTree;
      const served = servedBody(tree, actor);
      if (served === tree.root.code) return deps.stores.audit.read({ ...rest, actions, limit });
      // A body's overseer: the entries of its subtree, read page by page until the page is full.
      const visible = visibleTo(tree, served, actor.username);
      const out: AuditEvent[] = [];
      let afterSeq = rest.afterSeq;
      for (let page = 0; page < SCOPED_PAGES && out.length < limit; page++) {
        const read = await deps.stores.audit.read({ ...rest, actions, afterSeq, limit: MAX_EVENTS });
        out.push(...read.filter(visible));
        if (read.length < MAX_EVENTS) break;
        afterSeq = read[read.length - 1]?.seq;
      }
      return out.slice(0, limit);
    },

    verify: () => verify(deps.stores, deps.clock),
  };
}
