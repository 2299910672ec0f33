export { canonicalJson, canonicalJsonPieces } from './canonical-json.js';
export { type ContentHash, contentHash, contentHashInPieces, sha256, sha256OfPieces } from './hash.js';
