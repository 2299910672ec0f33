/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function cycleService(_deps: ServiceDeps) {
  return {};
}
