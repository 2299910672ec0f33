/**
 * The unsaved draft, kept in this browser until the server has it: a failed save, an
 * expired session or a closed tab never loses what was typed. One entry per cycle and
 * unit (a unit a national programme and its city both assess in one year has two
 * drafts), with the version of the server's copy it was based on. The root body's
 * cycle id is its year, so drafts kept before cycles had bodies are still found.
 */
import type { SubmissionItem } from '../api/types';

export interface LocalDraft {
  readonly baseVersion: number;
  readonly items: Record<string, SubmissionItem>;
  readonly selfTotal?: number;
  /** When it was last written (ISO time). */
  readonly at: string;
}

const keyOf = (cycle: string, unit: string) => `kaohe.draft.${cycle}.${unit}`;

export function readLocalDraft(cycle: string, unit: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(cycle, unit));
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as LocalDraft;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.baseVersion === 'number' && typeof parsed.items === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

export function writeLocalDraft(cycle: string, unit: string, draft: Omit<LocalDraft, 'at'>): void {
  try {
    localStorage.setItem(keyOf(cycle, unit), JSON.stringify({ ...draft, at: new Date().toISOString() }));
  } catch {
    // storage full or disabled: the page still works, only the safety net is gone
  }
}

export function clearLocalDraft(cycle: string, unit: string): void {
  try {
    localStorage.removeItem(keyOf(cycle, unit));
  } catch {
    // nothing to do
  }
}

/** JSON with keys sorted: two drafts are the same when their canonical texts are. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The items as the API takes them: no empty values, notes or items. */
export function compactItems(items: Record<string, SubmissionItem>): Record<string, SubmissionItem> {
  const out: Record<string, SubmissionItem> = {};
  for (const [code, item] of Object.entries(items)) {
    const values = Object.fromEntries(Object.entries(item.values ?? {}).filter(([, v]) => v !== null && v !== undefined));
    const next: SubmissionItem = {};
    if (Object.keys(values).length > 0) next.values = values;
    if (item.notApplicable === true) next.notApplicable = true;
    if (typeof item.selfScore === 'number') next.selfScore = item.selfScore;
    if (typeof item.note === 'string' && /\S/.test(item.note)) next.note = item.note;
    if (Object.keys(next).length > 0) out[code] = next;
  }
  return out;
}
