/** Every route of the API, in the order the OpenAPI document lists them. */
import type { Services } from '../../services/index.js';
import type { RouteSpec } from '../route.js';
import { systemRoutes } from './system.js';

export function allRoutes(services: Services): RouteSpec[] {
  return [...systemRoutes(services)];
}
