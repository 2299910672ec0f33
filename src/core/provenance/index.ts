export { canonicalJson, canonicalJsonPieces } from './canonical-json.js';
export { type ContentHash, type RunningHash, contentHash, contentHashInPieces, runningSha256, sha256, sha256OfPieces } from './hash.js';
