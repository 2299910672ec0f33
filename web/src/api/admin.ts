/** The admin pages' API calls and answers: rubrics (examiner, admin) and users (admin). */
import { api } from './client';
import type { Role } from './types';

const enc = encodeURIComponent;

export interface RubricSummary {
  readonly hash: string;
  readonly rubricId: string;
  readonly rubricVersion: string;
  readonly year: number;
  readonly title: string;
  readonly status: 'draft' | 'published';
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly publishedAt?: string;
  readonly publishedBy?: string;
  /** The record's version, sent as If-Match to publish. */
  readonly version: number;
}

export interface RubricDetail extends RubricSummary {
  readonly document: Record<string, unknown>;
}

export const rubricAdminApi = {
  list: () => api.get<RubricSummary[]>('/rubrics'),
  get: (hash: string) => api.get<RubricDetail>(`/rubrics/${enc(hash)}`),
  /** The body is the rubric itself; a 400 lists every lint problem at its path ($.body.sections[2]…). */
  create: (document: unknown) => api.post<RubricDetail>('/rubrics', document),
  publish: (hash: string, version: number) => api.post<RubricDetail>(`/rubrics/${enc(hash)}/publish`, {}, { ifMatch: version }),
};

export interface UserSummary {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt?: string;
}

/** A user and its one-time password: the server shows it this once and keeps only its hash. */
export interface UserWithPassword {
  readonly user: UserSummary;
  readonly password: string;
}

export const usersApi = {
  list: () => api.get<UserSummary[]>('/users'),
  create: (body: { username: string; role: Role; unitCode?: string }) => api.post<UserWithPassword>('/users', body),
  disable: (username: string) => api.post<UserSummary>(`/users/${enc(username)}/disable`),
  enable: (username: string) => api.post<UserSummary>(`/users/${enc(username)}/enable`),
  resetPassword: (username: string) => api.post<UserWithPassword>(`/users/${enc(username)}/reset-password`),
  assign: (username: string, body: { role: Role; unitCode?: string }) => api.put<UserSummary>(`/users/${enc(username)}`, body),
};
