/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function runService(_deps: ServiceDeps) {
  return {};
}
