/** (To be written.) */
import type { ServiceDeps } from './index.js';

export function reviewService(_deps: ServiceDeps) {
  return {};
}
