/**
 * The audit trail as readers see it: the entries, filtered by cycle, unit, actor and
 * time, for examiners, auditors and admins; and verify(), which checks the chain and
 * the stored records against it (`kaohe audit verify`).
 */
import { type AuditKind, actionsOfKind } from '../../audit/audit-actions.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import { verify } from './audit-verify.js';
import type { ServiceDeps } from '../index.js';
import type { AuditFilter } from '../ports.js';
import type { AuditEvent } from '../../records/index.js';

export { type VerifyProblem, type VerifyReport, verify } from './audit-verify.js';

/** The most entries one request returns; the store's own default is the same. */
export const MAX_EVENTS = 1000;

export function auditService(deps: ServiceDeps) {
  return {
    /** The entries matching `filter`; `kind` keeps those of one kind of action (sign-ins, reviews…). */
    async events(actor: Actor, filter: Omit<AuditFilter, 'actions'> & { readonly kind?: AuditKind }): Promise<AuditEvent[]> {
      requireOverseer(actor);
      const { kind, ...rest } = filter;
      const actions = kind === undefined ? undefined : actionsOfKind(kind);
      return deps.stores.audit.read({ ...rest, actions, limit: Math.min(filter.limit ?? MAX_EVENTS, MAX_EVENTS) });
    },

    verify: () => verify(deps.stores, deps.clock),
  };
}
