/** (To be written.) */
import type { Services } from '../../services/index.js';
import type { RouteSpec } from '../route.js';

export function rubricRoutes(_services: Services): RouteSpec[] {
  return [];
}
