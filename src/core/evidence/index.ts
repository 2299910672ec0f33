export { type EvidenceDocument, type EvidenceItemDocument, evidenceSchema } from './schema.js';
export { parseEvidence } from './parse.js';
export { type Adjustment, type ItemState, type UnitInputs, missingFields, readEvidence } from './read.js';
