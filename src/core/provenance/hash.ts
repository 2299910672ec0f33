/**
 * Content hashes. This folder is the one place in src/core that imports from Node:
 * `node:crypto`'s SHA-256 is deterministic and does no I/O, and a hand-written hash
 * would be a liability in an audit tool.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonPieces } from './canonical-json.js';

export type ContentHash = `sha256:${string}`;

export function sha256(text: string | Uint8Array): ContentHash {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The hash of a JSON value's canonical form. */
export function contentHash(value: unknown): ContentHash {
  return sha256(canonicalJson(value));
}

/** A SHA-256 fed piece by piece, for a text that is never held whole. */
export interface RunningHash {
  update(piece: string): void;
  digest(): ContentHash;
}

export function runningSha256(): RunningHash {
  const hash = createHash('sha256');
  return { update: (piece) => void hash.update(piece), digest: () => `sha256:${hash.digest('hex')}` };
}

/** The hash of a text handed over in pieces (the text is their concatenation). */
export function sha256OfPieces(pieces: Iterable<string>): ContentHash {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

/** contentHash(value), without ever holding the canonical text whole (see canonicalJsonPieces). */
export function contentHashInPieces(value: unknown, depth = 2): ContentHash {
  return sha256OfPieces(canonicalJsonPieces(value, depth));
}
