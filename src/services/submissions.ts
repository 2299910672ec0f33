/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function submissionService(_deps: ServiceDeps) {
  return {};
}
