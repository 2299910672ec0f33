/**
 * What a report set is made from, as the service hands it to the renderer: the input's
 * frame, and its units' stored texts in rank order, arriving in batches as they are read
 * (report/unit-texts.ts parses them where the files are made). The service never holds a
 * whole run's units, parsed or not, and spends nothing on them but reading.
 */
import type { ReportInput } from '../../report/index.js';
import { atScale } from '../../report/scale.js';
import { type ReportFrame, type UnitTexts, inputOfTexts } from '../../report/unit-texts.js';

export interface ReportSource {
  readonly frame: ReportFrame;
  /** results.units' entries, in its order (rank order), a batch at a time. */
  readonly results: AsyncIterable<readonly string[]>;
  /** Last year's, when the frame has a previous year. */
  readonly previous?: AsyncIterable<readonly string[]>;
  /** Parse each unit without its traces (at scale, report/scale.ts). */
  readonly slim: boolean;
}

async function* once(texts: readonly string[]): AsyncIterable<readonly string[]> {
  yield texts;
}

/** A source of an input already parsed (tests, and callers that have one). */
export function sourceOf(input: ReportInput): ReportSource {
  const { results, previous, ...rest } = input;
  return {
    frame: { ...rest, results: { ...results, units: [] }, ...(previous ? { previous: { ...previous, units: [] } } : {}) },
    results: once(results.units.map((u) => JSON.stringify(u))),
    ...(previous ? { previous: once(previous.units.map((u) => JSON.stringify(u))) } : {}),
    slim: atScale(results),
  };
}

async function all(batches: AsyncIterable<readonly string[]>): Promise<string[]> {
  const texts: string[] = [];
  for await (const batch of batches) texts.push(...batch);
  return texts;
}

/** The source read whole and parsed: for a renderer in the same process (`kaohe` commands, tests). */
export async function inputOf(source: ReportSource): Promise<ReportInput> {
  const texts: UnitTexts = {
    results: await all(source.results),
    ...(source.previous ? { previous: await all(source.previous) } : {}),
    slim: source.slim,
  };
  return inputOfTexts(source.frame, texts);
}
