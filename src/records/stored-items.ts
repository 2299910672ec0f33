/**
 * A stored submission's or review's `items`: the JSON text the service wrote, read back
 * as an object. A bundle is untrusted input, so text that is not a JSON object gives
 * null, and each caller says what that means for it.
 */
/** A JSON object (not null, not an array). */
export const isJsonObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function storedItems<T = unknown>(text: string): Readonly<Record<string, T>> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? (value as Record<string, T>) : null;
  } catch {
    return null;
  }
}

/** The items of a record the service wrote itself (a submission or review; none when there is no record). */
export function itemsOf<T = unknown>(record: { readonly items: string } | null | undefined): Readonly<Record<string, T>> {
  return (record ? storedItems<T>(record.items) : null) ?? {};
}
