/**
 * 提分空间: for each section the points available less those earned, and the deductions
 * taken; what a unit could still gain. Shown on 首页 and on the scorecard, from the same
 * finalised result.
 */

export interface HeadroomRow {
  readonly key: string;
  readonly title: string;
  readonly max: string;
  readonly score: string;
  readonly lost: string;
}

interface ResultParts {
  readonly sections?: readonly { readonly code: string; readonly title: string; readonly max: number; readonly score: number }[];
  readonly deductions?: number;
}

/** Points at the run's precision, exactly as the reports print them ("2.30"). */
export function pointsAt(precision: number): (n: number | undefined) => string {
  const scale = 10 ** precision;
  return (n) => (n === undefined ? '—' : (Math.round(n * scale) / scale).toFixed(precision));
}

export function headroomRows(result: ResultParts | null | undefined, precision: number): HeadroomRow[] {
  if (!result?.sections) return [];
  const pts = pointsAt(precision);
  const rows: HeadroomRow[] = result.sections.map((s) => ({ key: s.code, title: s.title, max: pts(s.max), score: pts(s.score), lost: pts(s.max - s.score) }));
  const taken = Math.abs(result.deductions ?? 0);
  if (taken !== 0) rows.push({ key: 'deductions', title: '扣分项', max: '—', score: `−${pts(taken)}`, lost: pts(taken) });
  return rows;
}

/** The whole headroom: every section's lost points plus the deductions taken. */
export function headroomTotal(result: ResultParts | null | undefined): number | undefined {
  if (!result?.sections) return undefined;
  return result.sections.reduce((sum, s) => sum + (s.max - s.score), 0) + Math.abs(result.deductions ?? 0);
}
