/**
 * A report's input from its units' stored texts (each an entry of results.units, as a run's
 * pieces hold it): parsed where the report is made, so that the service, which reads the
 * texts, only passes them on (issue 12 §2: its event loop must stay free while a set for
 * thousands of units is made). At scale each unit is let go of its traces as it is parsed
 * (scale.ts), so that the parsed input is a third of the texts.
 */
import type { ResultsV1, UnitResultV1 } from '../core/index.js';
import type { ReportInput } from './input.js';
import { withoutTraces } from './scale.js';

/** A report input without its units' entries (results.units and previous.units are empty). */
export type ReportFrame = Omit<ReportInput, 'results' | 'previous'> & { readonly results: ResultsV1; readonly previous?: ResultsV1 };

export interface UnitTexts {
  readonly results: readonly string[];
  readonly previous?: readonly string[];
  /** Parse each unit without its traces (an at-scale set, scale.ts). */
  readonly slim: boolean;
}

export function parseUnits(texts: readonly string[], slim: boolean): UnitResultV1[] {
  return texts.map((text) => {
    const unit = JSON.parse(text) as UnitResultV1;
    return slim ? withoutTraces(unit) : unit;
  });
}

export function inputOfTexts(frame: ReportFrame, texts: UnitTexts): ReportInput {
  const { previous, ...rest } = frame;
  return {
    ...rest,
    results: { ...frame.results, units: parseUnits(texts.results, texts.slim) },
    ...(previous ? { previous: { ...previous, units: parseUnits(texts.previous ?? [], texts.slim) } } : {}),
  };
}
