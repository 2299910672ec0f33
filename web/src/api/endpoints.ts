/** Every API call the pages make, typed. */
import { api } from './client';
import type {
  Cycle,
  RankingRow,
  Review,
  ReviewItem,
  RubricRecord,
  RunGroups,
  RunResults,
  RunSummary,
  SessionReply,
  Submission,
  SubmissionItem,
  SubmissionSummary,
  Unit,
} from './types';

const enc = encodeURIComponent;

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
  get: (year: number) => api.get<Cycle>(`/cycles/${year}`),
};

export const rubricsApi = {
  get: (hash: string) => api.get<RubricRecord>(`/rubrics/${enc(hash)}`),
};

export const submissionsApi = {
  list: (year: number) => api.get<SubmissionSummary[]>(`/cycles/${year}/submissions`),
  get: (year: number, unit: string) => api.get<Submission>(`/cycles/${year}/submissions/${enc(unit)}`),
  save: (year: number, unit: string, version: number, body: { items: Record<string, SubmissionItem>; selfTotal?: number }) =>
    api.put<Submission>(`/cycles/${year}/submissions/${enc(unit)}`, body, { ifMatch: version }),
  submit: (year: number, unit: string, version: number) => api.post<Submission>(`/cycles/${year}/submissions/${enc(unit)}/submit`, {}, { ifMatch: version }),
  reopen: (year: number, unit: string, version: number, reason: string) =>
    api.post<Submission>(`/cycles/${year}/submissions/${enc(unit)}/reopen`, { reason }, { ifMatch: version }),
};

export const runsApi = {
  list: (year: number) => api.get<RunSummary[]>(`/cycles/${year}/runs`),
  get: (year: number, run: string) => api.get<RunResults>(`/cycles/${year}/runs/${enc(run)}`),
  create: (year: number, idempotencyKey: string) => api.post<RunSummary>(`/cycles/${year}/runs`, undefined, { headers: { 'idempotency-key': idempotencyKey } }),
  ranking: (year: number, run: string) => api.get<RankingRow[]>(`/cycles/${year}/runs/${enc(run)}/ranking`),
  groups: (year: number, run: string, level: 'city' | 'province' = 'city') => api.get<RunGroups>(`/cycles/${year}/runs/${enc(run)}/groups?level=${level}`),
  finalize: (year: number, run: string, version: number) => api.post<RunSummary>(`/cycles/${year}/runs/${enc(run)}/finalize`, {}, { ifMatch: version }),
  /** A file of the run (report.pdf, report.html, report.xlsx, report.csv, scorecards/620100.html), for a link. */
  fileUrl: (year: number, run: string, file: string) => `/api/cycles/${year}/runs/${enc(run)}/${file}`,
};

export const reviewsApi = {
  get: (year: number, unit: string) => api.get<Review>(`/cycles/${year}/reviews/${enc(unit)}`),
  /** version 0: the first save (201); after it, the version read (200; 409 when stale). */
  save: (year: number, unit: string, version: number, items: Record<string, ReviewItem>) =>
    api.put<Review>(`/cycles/${year}/reviews/${enc(unit)}`, { items }, { ifMatch: version }),
};

export const materialsUrl = (year: number, unit: string, id: string) => `/api/cycles/${year}/submissions/${enc(unit)}/materials/${enc(id)}`;
