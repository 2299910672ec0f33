/**
 * The use cases, composed over the ports. Each service enforces who may do what;
 * the HTTP layer only parses, calls and responds.
 */
import type { Clock, Stores } from './ports.js';
import { idempotencyService } from './idempotency.js';
import { sessionService } from './session.js';

export interface ServiceDeps {
  readonly stores: Stores;
  readonly clock: Clock;
  readonly engineVersion: string;
  readonly maxUploadBytes: number;
}

export function createServices(deps: ServiceDeps) {
  return {
    deps,
    session: sessionService(deps.stores, deps.clock),
    idempotent: idempotencyService(deps.stores, deps.clock),
  };
}

export type Services = ReturnType<typeof createServices>;
