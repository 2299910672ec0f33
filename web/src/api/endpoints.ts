/** Every API call the pages make, typed. */
import { api } from './client';
import type { ResultsV1 } from './evaluator';
import type {
  Cycle,
  ProgressPage,
  ProgressSortKey,
  RankingPage,
  Review,
  ReviewItem,
  RubricRecord,
  RunGroups,
  RunResults,
  RunSummary,
  SessionReply,
  UnitPlace,
  Submission,
  SubmissionItem,
  SubmissionSummary,
  Unit,
} from './types';

const enc = encodeURIComponent;

function pageQuery(page: { offset: number; limit: number; q?: string }): string {
  const q = page.q?.trim();
  return new URLSearchParams({ offset: String(page.offset), limit: String(page.limit), ...(q ? { q } : {}) }).toString();
}

export const sessionApi = {
  signIn: (username: string, password: string) => api.post<SessionReply>('/session/browser', { username, password }, { quiet401: true }),
  me: () => api.get<SessionReply>('/session/me', { quiet401: true }),
  signOut: () => api.post<null>('/session/sign-out'),
  changePassword: (currentPassword: string, newPassword: string) => api.post<null>('/session/password', { currentPassword, newPassword }),
};

export const unitsApi = {
  list: () => api.get<Unit[]>('/units'),
};

export const cyclesApi = {
  list: () => api.get<Cycle[]>('/cycles'),
  get: (cycle: string) => api.get<Cycle>(`/cycles/${cycle}`),
};

/** Rubric documents read in this page load, by hash: a hash names one document forever (a record's status may change, its document never). */
const rubricDocuments = new Map<string, Promise<RubricRecord['document']>>();

export const rubricsApi = {
  get: (hash: string) => api.get<RubricRecord>(`/rubrics/${enc(hash)}`),
  /** A rubric's document, read once: the side menu's check for target fields and the evidence form share it. */
  document(hash: string): Promise<RubricRecord['document']> {
    let read = rubricDocuments.get(hash);
    if (read === undefined) {
      read = rubricsApi.get(hash).then((r) => r.document);
      rubricDocuments.set(hash, read);
      read.catch(() => rubricDocuments.delete(hash));
    }
    return read;
  },
};

export const submissionsApi = {
  list: (cycle: string) => api.get<SubmissionSummary[]>(`/cycles/${cycle}/submissions`),
  get: (cycle: string, unit: string) => api.get<Submission>(`/cycles/${cycle}/submissions/${enc(unit)}`),
  save: (cycle: string, unit: string, version: number, body: { items: Record<string, SubmissionItem>; selfTotal?: number }) =>
    api.put<Submission>(`/cycles/${cycle}/submissions/${enc(unit)}`, body, { ifMatch: version }),
  submit: (cycle: string, unit: string, version: number) => api.post<Submission>(`/cycles/${cycle}/submissions/${enc(unit)}/submit`, {}, { ifMatch: version }),
  reopen: (cycle: string, unit: string, version: number, reason: string) =>
    api.post<Submission>(`/cycles/${cycle}/submissions/${enc(unit)}/reopen`, { reason }, { ifMatch: version }),
};

export const progressApi = {
  /** A page of the progress board: filtered by status, city and name or code, sorted by a column (descending: true for the other way). */
  page: (cycle: string, query: { offset: number; limit: number; status?: string; city?: string; q?: string; sort: ProgressSortKey; descending: boolean }) => {
    const { status, city, sort, descending, ...page } = query;
    const filters = new URLSearchParams({ ...(status ? { status } : {}), ...(city ? { city } : {}), sort: `${descending ? '-' : ''}${sort}` });
    return api.get<ProgressPage>(`/cycles/${cycle}/progress?${pageQuery(page)}&${filters.toString()}`);
  },
};

export const runsApi = {
  list: (cycle: string) => api.get<RunSummary[]>(`/cycles/${cycle}/runs`),
  get: (cycle: string, run: string) => api.get<RunResults>(`/cycles/${cycle}/runs/${enc(run)}`),
  create: (cycle: string, idempotencyKey: string) =>
    api.post<RunSummary>(`/cycles/${cycle}/runs`, undefined, { headers: { 'idempotency-key': idempotencyKey } }),
  /** The run's results with one unit only: the rubric, the summary and the counts, without a page of units' traces. */
  head: (cycle: string, run: string) => api.get<ResultsV1>(`/cycles/${cycle}/runs/${enc(run)}?limit=1`),
  /** A page of the ranking, or of the units whose name holds `q` or whose code starts with it. */
  rankingPage: (cycle: string, run: string, page: { offset: number; limit: number; q?: string }) =>
    api.get<RankingPage>(`/cycles/${cycle}/runs/${enc(run)}/ranking/page?${pageQuery(page)}`),
  /** A unit's neighbours in the ranking and the units it ties with. */
  place: (cycle: string, run: string, unit: string) => api.get<UnitPlace>(`/cycles/${cycle}/runs/${enc(run)}/units/${enc(unit)}/place`),
  /** A page of the ranking by city, counted in groups (all of a small run's on one). */
  groups: (cycle: string, run: string, page: { offset: number; limit: number } = { offset: 0, limit: 50 }, level: 'city' | 'province' = 'city') =>
    api.get<RunGroups>(`/cycles/${cycle}/runs/${enc(run)}/groups?level=${level}&${pageQuery(page)}`),
  finalize: (cycle: string, run: string, version: number) => api.post<RunSummary>(`/cycles/${cycle}/runs/${enc(run)}/finalize`, {}, { ifMatch: version }),
  /** A file of the run (report.pdf, report.html, report.xlsx, report.csv, scorecards/620100.html), for a link. */
  fileUrl: (cycle: string, run: string, file: string) => `/api/cycles/${cycle}/runs/${enc(run)}/${file}`,
};

export const reviewsApi = {
  get: (cycle: string, unit: string) => api.get<Review>(`/cycles/${cycle}/reviews/${enc(unit)}`),
  /** version 0: the first save (201); after it, the version read (200; 409 when stale). */
  save: (cycle: string, unit: string, version: number, items: Record<string, ReviewItem>) =>
    api.put<Review>(`/cycles/${cycle}/reviews/${enc(unit)}`, { items }, { ifMatch: version }),
};

export const materialsUrl = (cycle: string, unit: string, id: string) => `/api/cycles/${cycle}/submissions/${enc(unit)}/materials/${enc(id)}`;
