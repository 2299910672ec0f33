/**
 * Which audit entries an examiner or evaluator of a body may read: those about its
 * subtree (a unit within it, or a record of a cycle run by a body within it) and its
 * own actions. The province's overseers read everything; a city's do not read the
 * province's trail of its cities, nor another city's counties.
 */
import { type AuditEvent, isWithin, parseCycleId, type UnitTree } from '../../records/index.js';

/** The body of the cycle an entry's subject belongs to ("submission:2015-620100/620102" → 620100), if it names one. */
function subjectBody(subject: string, root: string): string | undefined {
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon);
  const id = subject.slice(colon + 1);
  if (kind === 'cycle' || kind === 'submission' || kind === 'review' || kind === 'targets') {
    const key = parseCycleId(id.split('/')[0] ?? '');
    return key === null ? undefined : (key.body ?? root);
  }
  if (kind === 'run') {
    const key = parseCycleId(id.replace(/-\d+$/, ''));
    return key === null ? undefined : (key.body ?? root);
  }
  return undefined;
}

export function visibleTo(tree: UnitTree, served: string, username: string): (e: AuditEvent) => boolean {
  const within = (code: string) => code === served || isWithin(tree, code, served);
  return (e) => {
    if (e.actor === username) return true;
    const body = subjectBody(e.subject, tree.root.code);
    if (body !== undefined) return within(body);
    return e.unitCode !== undefined && within(e.unitCode);
  };
}
