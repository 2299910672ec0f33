/**
 * What the rubric, cycle, submission and material tests share: the rubrics every
 * service starts with, the callers of the access table, and a cycle to work in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { contentHash } from '../../src/core/index.js';
import type { HttpReply, TestService, TestUser } from './service.js';

function rubricJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(process.cwd(), 'rubrics', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A fresh copy of a rubric file's JSON (tests change it freely). */
export const gansuRubric = () => rubricJson('gansu-2015');
export const nationalRubric = () => rubricJson('national-example');

/** The published rubrics a service starts with, by content hash. */
export const GANSU_HASH = contentHash(gansuRubric());
export const NATIONAL_HASH = contentHash(nationalRubric());

/** The test service's clock starts on 2016-01-15; the 2015 cycle closes at the end of March (Beijing time). */
export const DEADLINE = '2016-03-31T23:59:59+08:00';
export const DEADLINE_UTC = '2016-03-31T15:59:59.000Z';

export type Caller = 'examiner' | 'admin' | 'auditor' | 'city' | 'otherCity' | 'anonymous';
export const CALLERS: readonly Caller[] = ['examiner', 'admin', 'auditor', 'city', 'otherCity', 'anonymous'];

export function userOf(service: TestService, caller: Caller): TestUser | undefined {
  return caller === 'anonymous' ? undefined : service.users[caller];
}

/** Path segments that must never be read as anything but text: refused (400) or not found (404), never 500. */
export const HOSTILE_SEGMENTS = ['$gt', '%24where', 'a.b', '620100.x', '{"$ne":1}', '__proto__', 'constructor', '..%2F..%2Fetc', '%00', '6201000'];

export function expectRefused(reply: HttpReply, context: string): void {
  expect([400, 404], `${context}: ${reply.status} ${reply.text}`).to.include(reply.status);
  expect(reply.body, context).to.have.property('code').that.is.a('string');
}

/** Creates the 2015 cycle on the Gansu rubric (examiner). */
export async function createGansuCycle(service: TestService, year = 2015, deadline = DEADLINE, contact?: string): Promise<HttpReply> {
  const body = { year, rubric: GANSU_HASH, deadline, ...(contact === undefined ? {} : { contact }) };
  const reply = await service.request('POST', '/api/cycles', { user: service.users.examiner, body });
  expect(reply.status, reply.text).to.equal(201);
  return reply;
}

/** Audit events of one action (read straight from the store: the audit routes are another slice). */
export async function auditActions(service: TestService, action: string) {
  return (await service.stores.audit.all()).filter((e) => e.action === action);
}
