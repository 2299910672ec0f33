/** (To be written.) */
import type { Services } from '../../services/index.js';
import type { RouteSpec } from '../route.js';

export function cycleRoutes(_services: Services): RouteSpec[] {
  return [];
}
