/**
 * A stored submission's or review's `items`: the JSON text the service wrote, read back
 * as an object. A bundle is untrusted input, so text that is not a JSON object gives
 * null, and each caller says what that means for it.
 */
import { isJsonObject } from './json-changes.js';

export function storedItems<T = unknown>(text: string): Readonly<Record<string, T>> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? (value as Record<string, T>) : null;
  } catch {
    return null;
  }
}
