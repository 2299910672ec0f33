/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function rubricService(_deps: ServiceDeps) {
  return {};
}
