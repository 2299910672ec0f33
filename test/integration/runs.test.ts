import { expect } from 'chai';
import { type EvidenceDocument, assess, buildResults, sha256 } from '../../src/core/index.js';
import { recordHash, splitEvidence } from '../../src/records/index.js';
import type { TestService } from '../support/service.js';
import {
  CALLERS,
  type Caller,
  YEAR,
  as,
  gansuRubric,
  openCycle,
  seedDocument,
  startServiceWithDatabase,
  storeSubmission,
  submitSeedWithReview,
} from './review-run-support.js';

const runs = `/api/cycles/${YEAR}/runs`;
const SUBMITTED = ['620100', '620200', '620900', '621200'];
const DRAFT = '620300';
/** 620400 did not submit; the examiner recorded a systemic incident (veto) and a verified value, which has nothing to correct. */
const VETOED_ABSENT = '620400';
const UNITS = ['620100', '620200', '620300', '620400', '620500', '620600', '620700', '620800', '620900', '621000', '621100', '621200', '622900', '623000'];
const NAMES: Record<string, string> = {
  '620100': '兰州市',
  '620200': '嘉峪关市',
  '620300': '金昌市',
  '620400': '白银市',
  '620500': '天水市',
  '620600': '武威市',
  '620700': '张掖市',
  '620800': '平凉市',
  '620900': '酒泉市',
  '621000': '庆阳市',
  '621100': '定西市',
  '621200': '陇南市',
  '622900': '临夏回族自治州',
  '623000': '甘南藏族自治州',
};

/** What the run should have scored for each unit, written out independently of the merge. */
function expectedEvidence(): EvidenceDocument[] {
  return UNITS.map((code) => {
    if (SUBMITTED.includes(code)) {
      const { $schema: _schema, ...doc } = seedDocument(code);
      for (const item of Object.values(doc.items)) if (item.adjustment) item.adjustment = { ...item.adjustment, by: 'examiner' };
      return doc;
    }
    const doc: EvidenceDocument = { kaohe: 'evidence/v1', rubric: 'gansu-2015', year: YEAR, unit: { code, name: NAMES[code] as string }, items: {} };
    if (code === VETOED_ABSENT) doc.items = { GV1: { values: { systemicIncident: true } } };
    return doc;
  });
}

describe('runs: scoring, results, ranking, finalisation (real FerretDB, real HTTP)', () => {
  let service: TestService;
  const rubric = gansuRubric();

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await openCycle(service);
    for (const code of SUBMITTED) await submitSeedWithReview(service, code, rubric);
    // A draft does not count: 金昌市 saved but did not submit.
    await storeSubmission(service, DRAFT, splitEvidence(rubric, seedDocument(DRAFT).items).submitted, { state: 'draft' });
    const veto = await service.request('PUT', `/api/cycles/${YEAR}/reviews/${VETOED_ABSENT}`, {
      user: service.users.examiner,
      body: { items: { GV1: { values: { systemicIncident: true } }, 'G01.1': { values: { approvalReview: true } } } },
    });
    expect(veto.status, veto.text).to.equal(201);
  });
  after(async () => {
    await service.close();
  });

  let first: { runId: string; version: number };

  describe('creating a run', () => {
    it('POST scores every unit of the register: 201, run 2015-1, a draft, version 1', async () => {
      const reply = await service.request('POST', runs, { user: service.users.examiner });
      expect(reply.status, reply.text).to.equal(201);
      expect(reply.body).to.include({
        runId: '2015-1',
        year: YEAR,
        seq: 1,
        status: 'draft',
        version: 1,
        rubricHash: rubric.hash,
        engineVersion: 'test',
        createdBy: 'examiner',
      });
      expect(reply.headers.get('etag')).to.equal('"1"');
      expect(reply.body).not.to.have.property('results');
      first = reply.body;
    });

    it('the results are what the core gives for the submitted evidence merged with the reviews (drafts do not count)', async () => {
      const reply = await service.request('GET', `${runs}/2015-1`, { user: service.users.auditor });
      expect(reply.status, reply.text).to.equal(200);
      const evidence = expectedEvidence();
      const expected = buildResults(rubric, assess(rubric, evidence, { engineVersion: 'test', year: YEAR }), evidence);
      expect(reply.body).to.deep.equal(JSON.parse(JSON.stringify(expected)));
      expect(reply.headers.get('etag')).to.equal('"1"');
    });

    it('a unit that did not submit has every checkpoint missing; the examiner’s veto still applies', async () => {
      const reply = await service.request('GET', `${runs}/2015-1`, { user: service.users.examiner });
      const draft = reply.body.units.find((u: { code: string }) => u.code === DRAFT);
      expect(draft.missingItems).to.have.length(rubric.checkpoints.length);
      const absent = reply.body.units.find((u: { code: string }) => u.code === VETOED_ABSENT);
      expect(absent.vetoed).to.equal(true);
      expect(absent.grade).to.equal('不合格');
      expect(absent.missingItems).to.include('G01.1');
      const adjusted = reply.body.units.find((u: { code: string }) => u.code === '620900').items.find((i: { code: string }) => i.code === 'G12.1');
      expect(adjusted.adjustment).to.deep.include({ score: 2.5, by: 'examiner' });
      expect(adjusted.finding).to.be.a('string');
    });

    it('the run stores its inputs (one evidence document per unit, in unit-code order), the results text and their hashes', async () => {
      const run = await service.stores.runs.get('2015-1');
      if (!run) throw new Error('no run');
      const inputs = JSON.parse(run.inputs) as EvidenceDocument[];
      expect(inputs.map((e) => e.unit.code)).to.deep.equal(UNITS);
      expect(inputs).to.deep.equal(JSON.parse(JSON.stringify(expectedEvidence())));
      expect(run.inputsHash).to.equal(sha256(run.inputs));
      expect(run.resultsHash).to.equal(sha256(run.results));
      expect(run.results).to.equal(JSON.stringify(JSON.parse(run.results)));
    });

    it('the results as served hash to the stored resultsHash: a reader can check them as received', async () => {
      const reply = await service.request('GET', `${runs}/2015-1`, { user: service.users.auditor });
      expect(sha256(reply.text)).to.equal((await service.stores.runs.get('2015-1'))?.resultsHash);
    });

    it('run.create is in the audit chain with the stored run’s hash', async () => {
      const events = (await service.stores.audit.all()).filter((e) => e.action === 'run.create');
      expect(events).to.have.length(1);
      expect(events[0]).to.include({ subject: 'run:2015-1', actor: 'examiner', year: YEAR, beforeHash: '' });
      expect(events[0]?.afterHash).to.equal(recordHash(await service.stores.runs.get('2015-1')));
    });

    it('runs are numbered per year; two at once get two numbers', async () => {
      const replies = await Promise.all([
        service.request('POST', runs, { user: service.users.examiner }),
        service.request('POST', runs, { user: service.users.admin }),
      ]);
      expect(replies.map((r) => r.status)).to.deep.equal([201, 201]);
      expect(replies.map((r) => r.body.runId).sort()).to.deep.equal(['2015-2', '2015-3']);
      const list = await service.request('GET', runs, { user: service.users.auditor });
      expect(list.body.map((r: { runId: string }) => r.runId)).to.deep.equal(['2015-1', '2015-2', '2015-3']);
      expect(list.body[0]).not.to.have.property('inputs');
      // The same inputs give the same results.
      expect(new Set(list.body.map((r: { resultsHash: string }) => r.resultsHash)).size).to.equal(1);
    });

    it('a retried POST with the same Idempotency-Key creates one run and answers the same', async () => {
      const headers = { 'idempotency-key': 'run-retry-1' };
      const once = await service.request('POST', runs, { user: service.users.examiner, headers });
      const again = await service.request('POST', runs, { user: service.users.examiner, headers });
      expect(once.status).to.equal(201);
      expect(again.status).to.equal(201);
      expect(again.body).to.deep.equal(once.body);
      const list = await service.request('GET', runs, { user: service.users.examiner });
      expect(list.body.filter((r: { runId: string }) => r.runId === once.body.runId)).to.have.length(1);
      expect(list.body).to.have.length(4);
      const other = await service.request('POST', runs, { user: service.users.examiner, headers: { 'idempotency-key': 'run-retry-2' } });
      expect(other.body.runId).to.equal('2015-5');
    });

    it('the same Idempotency-Key on another request is refused (422)', async () => {
      const reply = await service.request('POST', `${runs}/2015-1/finalize`, {
        user: service.users.examiner,
        headers: { 'idempotency-key': 'run-retry-1' },
        body: { version: 1 },
      });
      expect(reply.status).to.equal(422);
      expect((await service.stores.runs.get('2015-1'))?.status).to.equal('draft');
    });
  });

  describe('the ranking', () => {
    it('lists rank, code, name, total, grade, vetoed and flags, in rank order', async () => {
      const reply = await service.request('GET', `${runs}/2015-1/ranking`, { user: service.users.examiner });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.have.length(14);
      const results = (await service.request('GET', `${runs}/2015-1`, { user: service.users.examiner })).body;
      expect(reply.body).to.deep.equal(
        results.units.map((u: Record<string, unknown>) => ({
          rank: u.rank,
          code: u.code,
          name: u.name,
          total: u.total,
          grade: u.grade,
          vetoed: u.vetoed,
          flags: u.flags,
        })),
      );
      const ranks = reply.body.map((r: { rank: number }) => r.rank);
      expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
      expect(reply.body.filter((r: { flags: { code: string }[] }) => r.flags.some((f) => f.code === 'BOTTOM3')).length).to.be.at.least(3);
    });
  });

  describe('finalising', () => {
    it('without a version is 428; with a stale one 409; nothing changes', async () => {
      const missing = await service.request('POST', `${runs}/2015-1/finalize`, { user: service.users.examiner });
      expect(missing.status).to.equal(428);
      const staleVersion = await service.request('POST', `${runs}/2015-1/finalize`, { user: service.users.examiner, body: { version: 7 } });
      expect(staleVersion.status).to.equal(409);
      expect(staleVersion.body.code).to.equal('stale');
      expect((await service.stores.runs.get('2015-1'))?.status).to.equal('draft');
    });

    it('with the current version (If-Match) it is final, and logged', async () => {
      const before = await service.stores.runs.get('2015-1');
      const reply = await service.request('POST', `${runs}/2015-1/finalize`, { user: service.users.examiner, headers: { 'if-match': `"${first.version}"` } });
      expect(reply.status, reply.text).to.equal(200);
      expect(reply.body).to.include({ runId: '2015-1', status: 'final', version: 2, finalizedBy: 'examiner' });
      const after = await service.stores.runs.get('2015-1');
      expect(after?.results).to.equal(before?.results);
      const event = (await service.stores.audit.all()).find((e) => e.action === 'run.finalize');
      expect(event).to.include({ subject: 'run:2015-1', beforeHash: recordHash(before), afterHash: recordHash(after) });
    });

    it('finalising twice is 409, whatever the version', async () => {
      for (const body of [{ version: 2 }, { version: 1 }]) {
        const reply = await service.request('POST', `${runs}/2015-1/finalize`, { user: service.users.examiner, body });
        expect(reply.status).to.equal(409);
        expect(reply.body.code).to.equal('conflict');
      }
      expect((await service.stores.audit.all()).filter((e) => e.action === 'run.finalize' && e.subject === 'run:2015-1')).to.have.length(1);
    });

    it('two finalisations at once: one succeeds, the other is 409, and the trail has one', async () => {
      const made = await service.request('POST', runs, { user: service.users.examiner });
      const url = `${runs}/${made.body.runId}/finalize`;
      const replies = await Promise.all([
        service.request('POST', url, { user: service.users.examiner, body: { version: 1 } }),
        service.request('POST', url, { user: service.users.admin, body: { version: 1 } }),
      ]);
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      const events = (await service.stores.audit.all()).filter((e) => e.action === 'run.finalize' && e.subject === `run:${made.body.runId}`);
      expect(events).to.have.length(1);
    });

    it('a finalised run stays as it was: a changed review makes a new run, not a changed one', async () => {
      const before = await service.stores.runs.get('2015-1');
      const review = await service.request('GET', `/api/cycles/${YEAR}/reviews/620100`, { user: service.users.examiner });
      const items = { ...(review.status === 200 ? review.body.items : {}), 'G01.1': { adjustment: { score: 0.5, justification: '复核：负面清单未公布。' } } };
      const saved = await service.request('PUT', `/api/cycles/${YEAR}/reviews/620100`, {
        user: service.users.examiner,
        body: { items, version: review.body?.version },
      });
      expect(saved.status, saved.text).to.be.oneOf([200, 201]);
      const next = await service.request('POST', runs, { user: service.users.examiner });
      expect(next.body.resultsHash).not.to.equal(before?.resultsHash);
      expect(await service.stores.runs.get('2015-1')).to.deep.equal(before);
    });
  });

  describe('what a city sees', () => {
    it('a draft run is 403 to a city (results and ranking); the list shows it only finalised runs', async () => {
      for (const suffix of ['', '/ranking']) {
        const reply = await service.request('GET', `${runs}/2015-2${suffix}`, { user: service.users.city });
        expect(reply.status, suffix).to.equal(403);
      }
      const list = await service.request('GET', runs, { user: service.users.city });
      expect(list.status).to.equal(200);
      const listed = list.body.map((r: { runId: string }) => r.runId);
      expect(listed).to.include('2015-1').and.not.include('2015-2');
      expect(list.body.every((r: { status: string }) => r.status === 'final')).to.equal(true);
    });

    it('a finalised run shows a city its own unit only, in the results, the summary and the ranking', async () => {
      for (const [user, code] of [
        [service.users.city, '620100'],
        [service.users.otherCity, '620200'],
      ] as const) {
        const results = await service.request('GET', `${runs}/2015-1`, { user });
        expect(results.status).to.equal(200);
        expect(results.body.units.map((u: { code: string }) => u.code)).to.deep.equal([code]);
        expect(results.body.summary.units).to.equal(14);
        const mentioned = [
          ...results.body.summary.grades.flatMap((g: { units: string[] }) => g.units),
          ...results.body.summary.vetoed,
          ...results.body.summary.flags.flatMap((f: { units: string[] }) => f.units),
        ];
        expect(mentioned.every((c: string) => c === code)).to.equal(true);
        const ranking = await service.request('GET', `${runs}/2015-1/ranking`, { user });
        expect(ranking.body.map((r: { code: string }) => r.code)).to.deep.equal([code]);
      }
    });
  });

  describe('the access table', () => {
    const create: Record<Caller, number> = { examiner: 201, admin: 201, auditor: 403, city: 403, otherCity: 403, anonymous: 401 };
    const readDraft: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    const readFinal: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 200, otherCity: 200, anonymous: 401 };
    const finalize: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 403, city: 403, otherCity: 403, anonymous: 401 };

    for (const caller of CALLERS) {
      it(`${caller}: POST runs → ${create[caller]}; GET list → ${caller === 'anonymous' ? 401 : 200}; draft results/ranking → ${readDraft[caller]}; final → ${readFinal[caller]}`, async () => {
        const count = (await service.stores.runs.list({ year: YEAR })).length;
        const made = await service.request('POST', runs, as(service, caller));
        expect(made.status, made.text).to.equal(create[caller]);
        expect((await service.stores.runs.list({ year: YEAR })).length).to.equal(count + (create[caller] === 201 ? 1 : 0));
        expect((await service.request('GET', runs, as(service, caller))).status).to.equal(caller === 'anonymous' ? 401 : 200);
        for (const suffix of ['', '/ranking']) {
          expect((await service.request('GET', `${runs}/2015-2${suffix}`, as(service, caller))).status, `draft${suffix}`).to.equal(readDraft[caller]);
          expect((await service.request('GET', `${runs}/2015-1${suffix}`, as(service, caller))).status, `final${suffix}`).to.equal(readFinal[caller]);
        }
      });
    }

    for (const caller of CALLERS) {
      it(`${caller}: POST finalize → ${finalize[caller]}`, async () => {
        const made = await service.request('POST', runs, { user: service.users.examiner });
        const reply = await service.request('POST', `${runs}/${made.body.runId}/finalize`, { ...as(service, caller), body: { version: made.body.version } });
        expect(reply.status, reply.text).to.equal(finalize[caller]);
        expect((await service.stores.runs.get(made.body.runId))?.status).to.equal(finalize[caller] === 200 ? 'final' : 'draft');
      });
    }
  });

  describe('bad input is a 400 or 404 (never a 500)', () => {
    const cases: [string, string, string, unknown, number][] = [
      ['POST runs with a body', 'POST', runs, { units: ['620100'] }, 400],
      ['POST runs with malformed JSON', 'POST', runs, '{"a": ', 400],
      ['POST runs with a query', 'POST', `${runs}?dryRun=1`, undefined, 400],
      ['POST runs for a year without a cycle', 'POST', '/api/cycles/2016/runs', undefined, 404],
      ['POST runs for a year that is not one', 'POST', '/api/cycles/20x5/runs', undefined, 400],
      ['GET runs of a year without a cycle', 'GET', '/api/cycles/2016/runs', undefined, 404],
      ['GET runs with an operator in the query', 'GET', `${runs}?status[$ne]=final`, undefined, 400],
      ['GET a run id that is not one', 'GET', `${runs}/latest`, undefined, 400],
      ['GET run 0', 'GET', `${runs}/2015-0`, undefined, 400],
      ['GET an operator as the run id', 'GET', `${runs}/%7B%22%24gt%22%3A%22%22%7D`, undefined, 400],
      ['GET a dotted run id', 'GET', `${runs}/2015-1.results`, undefined, 400],
      ['GET a run that does not exist', 'GET', `${runs}/2015-999`, undefined, 404],
      ['GET a run under another year', 'GET', '/api/cycles/2016/runs/2015-1', undefined, 404],
      ['GET the ranking of a run that does not exist', 'GET', `${runs}/2015-999/ranking`, undefined, 404],
      ['finalize with an unknown field', 'POST', `${runs}/2015-2/finalize`, { version: 1, force: true }, 400],
      ['finalize with a version that is a string', 'POST', `${runs}/2015-2/finalize`, { version: '1' }, 400],
      ['finalize with an operator as the version', 'POST', `${runs}/2015-2/finalize`, { version: { $gt: 0 } }, 400],
      ['finalize with a JSON array', 'POST', `${runs}/2015-2/finalize`, '[1]', 400],
      ['finalize a run that does not exist', 'POST', `${runs}/2015-999/finalize`, { version: 1 }, 404],
      ['finalize a run under another year', 'POST', '/api/cycles/2016/runs/2015-2/finalize', { version: 1 }, 404],
    ];
    for (const [what, method, url, body, status] of cases) {
      it(`${what} → ${status}`, async () => {
        const reply = await service.request(method, url, { user: service.users.examiner, body });
        expect(reply.status, reply.text).to.equal(status);
        expect(reply.body.code).to.be.a('string');
      });
    }

    it('none of them finalised 2015-2', async () => {
      expect((await service.stores.runs.get('2015-2'))?.status).to.equal('draft');
    });
  });

  describe('evidence that does not fit the rubric', () => {
    it('stops the run with 409 naming the unit and the path; no run is stored', async () => {
      const count = (await service.stores.runs.list({ year: YEAR })).length;
      await storeSubmission(service, '623000', { 'G04.2': { values: { adMonitoring: 'yes' } } });
      const reply = await service.request('POST', runs, { user: service.users.examiner });
      expect(reply.status, reply.text).to.equal(409);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).to.include('$.units["623000"].items["G04.2"].values.adMonitoring');
      expect((await service.stores.runs.list({ year: YEAR })).length).to.equal(count);
    });
  });
});
