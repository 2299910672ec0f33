/**
 * What the bundle and note tests share: the 2015 cycle with every unit's demo
 * submission (兰州市 with an uploaded material), the examiners' reviews, and a
 * finalised run 2015-1 over the whole register, made through the service as in production.
 *
 * Every unit submits, as in a real cycle.
 */
import { expect } from 'chai';
import type { TestService } from '../support/service.js';
import { YEAR, gansuRubric, openCycle, submitSeedWithReview } from './review-run-support.js';

export const SUBMITTING_UNITS = [
  '620100',
  '620200',
  '620300',
  '620400',
  '620500',
  '620600',
  '620700',
  '620800',
  '620900',
  '621000',
  '621100',
  '621200',
  '622900',
  '623000',
];
export const FINAL_RUN = '2015-1';

/** The cycle, submissions, reviews and a material; no run yet. */
export async function seedCycle(service: TestService): Promise<void> {
  await openCycle(service);
  const rubric = gansuRubric();
  // A material can only be attached to a draft: 兰州市 uploads before its submission is stored.
  const upload = await service.request('POST', `/api/cycles/${YEAR}/submissions/620100/materials`, {
    user: service.users.city,
    raw: new TextEncoder().encode('%PDF-1.4 兰州市质量工作报告'),
    headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('兰州市质量工作报告.pdf'), 'x-item-code': 'G10.1' },
  });
  expect(upload.status, upload.text).to.equal(201);
  for (const code of SUBMITTING_UNITS) await submitSeedWithReview(service, code, rubric);
}

/** A run of the whole register, as the examiner makes it; returns its id. */
export async function makeRun(service: TestService): Promise<string> {
  const run = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner });
  expect(run.status, run.text).to.equal(201);
  return run.body.runId as string;
}

export async function finalize(service: TestService, runId: string): Promise<void> {
  const final = await service.request('POST', `/api/cycles/${YEAR}/runs/${runId}/finalize`, { user: service.users.examiner, body: { version: 1 } });
  expect(final.status, final.text).to.equal(200);
}
