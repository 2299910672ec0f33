import { KaoheError, problem } from '../errors.js';

/** A rule that fails while running (json-logic-js would throw a TypeError here). */
export function runtimeError(path: string, message: string): KaoheError {
  return new KaoheError([problem('logic_runtime', path, message)]);
}
