/**
 * Merging a draft with the server's newer copy after a 409: every answer (a field's
 * value, 不涉及, 自评分, 说明, 自评总分) that differs between the user's draft and the
 * server's copy becomes a row, and the user chooses which to keep. Knowing the copy both
 * started from (the base), the page proposes the side that changed; where both changed it
 * proposes the user's own and says both did. Answers that do not differ need no choice.
 */
import type { EvidenceValue, SubmissionItem } from '../api/types';
import { canonical } from './local-draft';

export type Answer = EvidenceValue | boolean | number | string | undefined;

export interface DraftCopy {
  readonly items: Readonly<Record<string, SubmissionItem>>;
  readonly selfTotal?: number;
}

export interface MergeRow {
  /** `G10.1/values/supervisionCoverage`, `G10.1/selfScore`, `G10.1/notApplicable`, `G10.1/note` or `selfTotal`. */
  readonly key: string;
  /** The item code, or '' for 自评总分. */
  readonly code: string;
  /** The field's key for a value, else the answer's kind. */
  readonly part: string;
  readonly mine: Answer;
  readonly theirs: Answer;
  /** Both sides changed it since the base (or the base is unknown and both answered it). */
  readonly bothChanged: boolean;
  /** What the page proposes. */
  readonly proposed: 'mine' | 'theirs';
}

/** Every answer of a copy, by key. */
export function answersOf(copy: DraftCopy): Map<string, Answer> {
  const out = new Map<string, Answer>();
  for (const [code, item] of Object.entries(copy.items)) {
    for (const [k, v] of Object.entries(item.values ?? {})) if (v !== null && v !== undefined) out.set(`${code}/values/${k}`, v);
    if (item.notApplicable === true) out.set(`${code}/notApplicable`, true);
    if (item.selfScore !== undefined) out.set(`${code}/selfScore`, item.selfScore);
    if (item.note !== undefined && item.note !== '') out.set(`${code}/note`, item.note);
  }
  if (copy.selfTotal !== undefined) out.set('selfTotal', copy.selfTotal);
  return out;
}

const same = (a: Answer, b: Answer) => canonical(a ?? null) === canonical(b ?? null);

function splitKey(key: string): { code: string; part: string } {
  if (key === 'selfTotal') return { code: '', part: 'selfTotal' };
  const [code = '', kind = '', field] = key.split('/');
  return { code, part: kind === 'values' && field !== undefined ? field : kind };
}

/** The rows the user decides, in the rubric's order of item codes as given (then 自评总分 last). */
export function mergeRows(base: DraftCopy | null, mine: DraftCopy, theirs: DraftCopy, order: readonly string[] = []): MergeRow[] {
  const b = base ? answersOf(base) : null;
  const m = answersOf(mine);
  const t = answersOf(theirs);
  const keys = [...new Set([...m.keys(), ...t.keys()])].filter((k) => !same(m.get(k), t.get(k)));
  const rows = keys.map((key): MergeRow => {
    const mv = m.get(key);
    const tv = t.get(key);
    let proposed: 'mine' | 'theirs';
    let bothChanged: boolean;
    if (b) {
      const mineChanged = !same(mv, b.get(key));
      const theirsChanged = !same(tv, b.get(key));
      bothChanged = mineChanged && theirsChanged;
      proposed = theirsChanged && !mineChanged ? 'theirs' : 'mine';
    } else {
      // No base (a draft restored from this browser): an answer only one side has is kept.
      bothChanged = mv !== undefined && tv !== undefined;
      proposed = mv === undefined ? 'theirs' : 'mine';
    }
    return { key, ...splitKey(key), mine: mv, theirs: tv, bothChanged, proposed };
  });
  const rank = (code: string) => (code === '' ? Number.MAX_SAFE_INTEGER : order.indexOf(code) === -1 ? order.length : order.indexOf(code));
  return rows.sort((x, y) => rank(x.code) - rank(y.code) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** The server's copy with each row's chosen side applied: what the merge saves. */
export function applyChoices(theirs: DraftCopy, rows: readonly MergeRow[], choices: Readonly<Record<string, 'mine' | 'theirs'>>): DraftCopy {
  const items: Record<string, SubmissionItem> = JSON.parse(JSON.stringify(theirs.items)) as Record<string, SubmissionItem>;
  let selfTotal = theirs.selfTotal;
  for (const row of rows) {
    if ((choices[row.key] ?? row.proposed) !== 'mine') continue;
    const v = row.mine;
    if (row.key === 'selfTotal') {
      selfTotal = typeof v === 'number' ? v : undefined;
      continue;
    }
    const item = (items[row.code] ??= {});
    const [, kind, field] = row.key.split('/');
    if (kind === 'values' && field !== undefined) {
      item.values ??= {};
      if (v === undefined) delete item.values[field];
      else item.values[field] = v;
    } else if (kind === 'notApplicable') {
      if (v === true) item.notApplicable = true;
      else delete item.notApplicable;
    } else if (kind === 'selfScore') {
      if (typeof v === 'number') item.selfScore = v;
      else delete item.selfScore;
    } else if (kind === 'note') {
      if (typeof v === 'string') item.note = v;
      else delete item.note;
    }
  }
  return selfTotal === undefined ? { items } : { items, selfTotal };
}
