export { type ResultsParts, buildResults, evidenceSetHash, resultsParts } from './build.js';
export { resultsSchema } from './schema.js';
export type { ItemResultV1, ResultsV1, UnitResultV1, VetoResultV1 } from './types.js';
export { tieBreakValues } from './tie-break.js';
