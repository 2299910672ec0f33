/**
 * Which cycle a record belongs to. A year may have several cycles, one per assessing
 * body (the province assesses its cities while 兰州市 assesses its counties), so a
 * cycle is its year and its body. The tree root's cycle is keyed by its year alone:
 * its id is "2015" and its records carry no body, as every record did before bodies,
 * so their content hashes and audit subjects are unchanged. Any other body's cycle is
 * "2015-620100", and its records carry `body`.
 */

export interface CycleKey {
  readonly year: number;
  /** The assessing body's unit code; absent for the tree root's cycle. */
  readonly body?: string;
}

const CYCLE_ID = /^(\d{4})(?:-(\d{6}))?$/;

/** "2015" for the root's cycle, "2015-620100" for 兰州市's. */
export function cycleIdOf(key: CycleKey): string {
  return key.body === undefined ? String(key.year) : `${key.year}-${key.body}`;
}

/** The key a cycle id names, or null when the text is not one. */
export function parseCycleId(id: string): CycleKey | null {
  const match = CYCLE_ID.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  return match[2] === undefined ? { year } : { year, body: match[2] };
}

/** The key of a cycle of `year` made by `body`; the root's is keyed by its year alone. */
export function cycleKeyFor(year: number, body: string | undefined, rootCode: string): CycleKey {
  return body === undefined || body === rootCode ? { year } : { year, body };
}

/** Whether a record (anything with a year and maybe a body) belongs to the cycle. */
export function inCycle(record: { readonly year: number; readonly body?: string | undefined }, key: CycleKey): boolean {
  return record.year === key.year && record.body === key.body;
}

/** Just the key of a record, for spreading into a record being written: `{year}` or `{year, body}`. */
export function cycleKeyOf(record: { readonly year: number; readonly body?: string | undefined }): CycleKey {
  return record.body === undefined ? { year: record.year } : { year: record.year, body: record.body };
}

/**
 * How a cycle is named to a user: "2015 年度" for the root's (the province needs no
 * naming in its own workspace), "2015 年度兰州市" for another body's. Messages of the
 * service and titles of the browser's pages both name cycles this way.
 */
export function cycleWords(key: CycleKey, bodyName: string | undefined): string {
  return key.body === undefined ? `${key.year} 年度` : `${key.year} 年度${bodyName ?? key.body}`;
}
