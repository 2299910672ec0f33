/**
 * Content hashes. This folder is the one place in src/core that imports from Node:
 * `node:crypto`'s SHA-256 is deterministic and does no I/O, and a hand-written hash
 * would be a liability in an audit tool.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export type ContentHash = `sha256:${string}`;

export function sha256(text: string | Uint8Array): ContentHash {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The hash of a JSON value's canonical form. */
export function contentHash(value: unknown): ContentHash {
  return sha256(canonicalJson(value));
}
