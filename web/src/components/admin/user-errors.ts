/**
 * A refused user change, at the field it concerns. Request checks name the field by path
 * ($.body.username); the service's own refusals (a taken name, a city without a unit, the
 * admin's own role) carry only a message, so their wording says which field they are about.
 */
import { ApiError, errorMessage } from '../../api/client';

export type UserField = 'username' | 'role' | 'unitCode';

export interface UserErrors {
  username: string;
  role: string;
  unitCode: string;
  /** Anything that is about no one field. */
  form: string;
}

export const noUserErrors = (): UserErrors => ({ username: '', role: '', unitCode: '', form: '' });

const FIELDS: readonly UserField[] = ['username', 'role', 'unitCode'];

function fieldOfMessage(message: string): UserField | null {
  if (/单位/.test(message)) return 'unitCode';
  if (/角色|管理员身份/.test(message)) return 'role';
  if (/用户名|已存在/.test(message)) return 'username';
  return null;
}

export function userErrorsOf(error: unknown): UserErrors {
  const out = noUserErrors();
  const add = (key: keyof UserErrors, message: string) => (out[key] = out[key] ? `${out[key]}；${message}` : message);
  if (!(error instanceof ApiError)) {
    add('form', errorMessage(error));
    return out;
  }
  for (const p of error.problems) {
    const field = FIELDS.find((f) => p.path === `$.body.${f}` || p.path.startsWith(`$.body.${f}.`)) ?? fieldOfMessage(p.message);
    add(field ?? 'form', p.message);
  }
  if (error.problems.length === 0) add(fieldOfMessage(error.message) ?? 'form', error.message);
  return out;
}
