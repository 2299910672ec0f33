/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function auditService(_deps: ServiceDeps) {
  return {};
}
