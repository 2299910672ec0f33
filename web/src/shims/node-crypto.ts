/**
 * The one part of `node:crypto` the scoring core uses (src/core/provenance/hash.ts):
 * createHash('sha256').update(text).digest('hex'). Vite aliases `node:crypto` to this
 * file for the browser; the hash itself is @noble/hashes' audited SHA-256, so the
 * preview's rubric and evidence hashes are the server's, byte for byte.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

interface Hash {
  update(data: string | Uint8Array): Hash;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): Hash {
  if (algorithm !== 'sha256') throw new Error(`不支持的哈希算法：${algorithm}`);
  const hasher = sha256.create();
  const hash: Hash = {
    update(data) {
      hasher.update(typeof data === 'string' ? utf8ToBytes(data) : data);
      return hash;
    },
    digest() {
      return bytesToHex(hasher.digest());
    },
  };
  return hash;
}
