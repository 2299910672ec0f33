/**
 * Who is asking, and the access table of DESIGN.md in one place: a city sees and
 * writes only its own unit; an auditor reads everything and writes nothing but its
 * own notes; only examiners (and admins) move the cycle forward.
 */
import { forbidden } from '../errors.js';
import { type Role, type UserRecord, roleWords } from '../../records/index.js';

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
}

export function actorOf(user: UserRecord): Actor {
  return { userId: user.id, username: user.username, role: user.role, unitCode: user.unitCode };
}

/** Examiners and admins move the cycle forward. */
export function requireExaminer(actor: Actor): void {
  if (actor.role !== 'examiner' && actor.role !== 'admin') {
    throw forbidden(`只有考核组可以执行此操作（当前身份：${roleWords(actor)}）`);
  }
}

/** Reading a unit's data: its own city, examiners, auditors and admins. */
export function requireReadUnit(actor: Actor, unitCode: string): void {
  if (actor.role === 'city' && actor.unitCode !== unitCode) throw forbidden(`${roleWords(actor)}用户只能查看本单位（${actor.unitCode}）的数据`);
}

/** Writing a unit's evidence: only that unit's own city users. */
export function requireWriteUnit(actor: Actor, unitCode: string): void {
  if (actor.role !== 'city') throw forbidden(`只有本单位的填报人员可以填写证据（当前身份：${roleWords(actor)}）`);
  if (actor.unitCode !== unitCode) throw forbidden(`${roleWords(actor)}用户只能填写本单位（${actor.unitCode}）的证据`);
}

/** Reading everything of a cycle: examiners, auditors, admins. */
export function requireOverseer(actor: Actor): void {
  if (actor.role === 'city') throw forbidden(`${roleWords(actor)}用户不能查看其他单位或全部单位的数据`);
}
