/**
 * What a user is called. Examiners, evaluators and admins by their role. A unit's own
 * user (role `city`, bound to one unit) by its unit's level: the province's cities'
 * clerks are 市州, 兰州市's counties' clerks 县区, and a province's, when the State
 * Council assesses provinces, 省份. The level comes from the code's shape (GB/T 2260),
 * so messages name it without the unit tree at hand.
 */
import type { Role } from './types.js';
import { type UnitLevel, levelOfCode } from './unit-tree.js';

export const ROLE_NAMES: Readonly<Record<Role, string>> = { examiner: '考核组', city: '单位', auditor: '第三方评价机构', admin: '管理员' };

/** A unit's user by the unit's level. */
const UNIT_USER_WORDS: Readonly<Record<UnitLevel, string>> = { country: '国家', province: '省份', city: '市州', county: '县区' };

/** "市州" for 兰州市's clerk, "县区" for 城关区's, "考核组" for an examiner: what messages call the user. */
export function roleWords(user: { readonly role: Role; readonly unitCode?: string | undefined }): string {
  return user.role === 'city' && user.unitCode !== undefined ? UNIT_USER_WORDS[levelOfCode(user.unitCode)] : ROLE_NAMES[user.role];
}
