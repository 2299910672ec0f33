export { TRACE_EVENT_KINDS, type TraceEvent, itemTrace, traceValue, vetoTrace } from './events.js';
export { explainItem, explainVeto, nodeAt } from './explain.js';
export { infix } from './infix.js';
