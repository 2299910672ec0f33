export { type EvidenceDocument, type EvidenceItemDocument, evidenceSchema } from './schema.js';
export { parseEvidence } from './parse.js';
export { type ItemInput, type ItemState, type UnitInputs, normaliseEvidence } from './normalise.js';
