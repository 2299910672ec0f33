export { type EvidenceDocument, type EvidenceItemDocument, type FiledTargetDocument, evidenceSchema } from './schema.js';
export { parseEvidence } from './parse.js';
export {
  type Adjustment,
  type ItemState,
  type PreparedEvidence,
  STATE_MISSING,
  STATE_NOT_APPLICABLE,
  STATE_PRESENT,
  missingFields,
  prepareEvidence,
  readEvidence,
  withFieldValues,
} from './read.js';
