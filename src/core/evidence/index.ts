export { type EvidenceDocument, type EvidenceItemDocument, type FiledTargetDocument, evidenceSchema } from './schema.js';
export { parseEvidence } from './parse.js';
export { type Adjustment, type ItemState, type PreparedEvidence, missingFields, prepareEvidence, readEvidence } from './read.js';
