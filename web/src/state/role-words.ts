/**
 * What the pages call a user: by role, and a unit's own user by its unit's level
 * (records/role-words.ts): 兰州市's clerk is a 市州填报人员, 城关区's a 县区填报人员.
 */
import { roleWords } from '../../../src/records/role-words.js';
import type { Role } from '../api/types';

/** The roles as an admin chooses among them. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  examiner: '考核组',
  admin: '管理员',
  auditor: '第三方评价机构',
  city: '单位填报人员',
};

export function userRoleWords(user: { readonly role: Role; readonly unitCode?: string }): string {
  return user.role === 'city' && user.unitCode !== undefined ? `${roleWords(user)}填报人员` : ROLE_NAMES[user.role];
}
