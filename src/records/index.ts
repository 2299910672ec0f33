/**
 * src/records: the vocabulary of what is stored and audited, pure (imports the core
 * only): record types, the audit chain, subjects and record hashes, the check of a
 * record against the trail, stored items, the unit tree by administrative division, and
 * how a submission and its review merge into the evidence a run scores. Services, audit
 * and the adapters import it.
 */
export * from './types.js';
export * from './cycle-key.js';
export * from './targets.js';
export * from './unit-tree.js';
export * from './role-words.js';
export * from './unit-groups.js';
export * from './progress-status.js';
export * from './chain.js';
export * from './subjects.js';
export * from './trail.js';
export * from './stored-items.js';
export * from './evidence-merge.js';
