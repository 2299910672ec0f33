export { canonicalJson } from './canonical-json.js';
export { type ContentHash, contentHash, sha256 } from './hash.js';
