import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { parseEvidence, sha256 } from '../../src/core/index.js';
import { type AuditEvent, sealEvent, splitEvidence } from '../../src/records/index.js';
import { verify } from '../../src/services/audit/audit.js';
import { scoreRun } from '../../src/services/runs/run-scoring.js';
import { repoRoot } from '../support/paths.js';
import type { TestService } from '../support/service.js';
import { CALLERS, type Caller, YEAR, as, gansuRubric, openCycle, seedDocument, startServiceWithDatabase, storeSubmission } from './review-run-support.js';

const events = '/api/audit/events';

describe('audit: GET /api/audit/events and verify() (real FerretDB, real HTTP)', () => {
  let service: TestService;
  let db: Connection;
  const rubric = gansuRubric();

  before(async () => {
    ({ service, connection: db } = await startServiceWithDatabase());
    await openCycle(service);
    // Rubrics made through the API, one published and one left a draft: verify checks both.
    for (const version of ['9.0.0', '9.1.0']) {
      const doc = { ...JSON.parse(readFileSync(path.join(repoRoot, 'rubrics', 'national-example.json'), 'utf8')), version };
      const made = await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: doc });
      expect(made.status, made.text).to.equal(201);
      if (version === '9.0.0') {
        const published = await service.request('POST', `/api/rubrics/${made.body.hash}/publish`, { user: service.users.examiner, body: { version: 1 } });
        expect(published.status, published.text).to.equal(200);
      }
    }
    for (const code of ['620100', '620200']) {
      const { submitted, review } = splitEvidence(rubric, seedDocument(code).items);
      service.clock.set(code === '620100' ? '2016-02-01T08:00:00.000Z' : '2016-02-02T08:00:00.000Z');
      await storeSubmission(service, code, submitted);
      const saved = await service.request('PUT', `/api/cycles/${YEAR}/reviews/${code}`, {
        user: service.users.examiner,
        body: { items: { ...review, 'G01.1': { finding: '核查了权责清单。' } } },
      });
      expect(saved.status, saved.text).to.equal(201);
    }
    service.clock.set('2016-04-10T08:00:00.000Z');
    const run = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner });
    expect(run.status, run.text).to.equal(201);
    const final = await service.request('POST', `/api/cycles/${YEAR}/runs/2015-1/finalize`, { user: service.users.admin, body: { version: 1 } });
    expect(final.status, final.text).to.equal(200);
  });
  after(async () => {
    await service.close();
  });

  describe('GET /api/audit/events', () => {
    const expected: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    for (const caller of CALLERS) {
      it(`${caller} → ${expected[caller]}`, async () => {
        const reply = await service.request('GET', events, as(service, caller));
        expect(reply.status, reply.text).to.equal(expected[caller]);
      });
    }

    it('lists the chain in order, each entry with who, when, what and the hashes', async () => {
      const reply = await service.request('GET', events, { user: service.users.auditor });
      const actions = reply.body.map((e: { action: string }) => e.action);
      expect(actions).to.include.members(['cycle.create', 'submission.submit', 'review.save', 'run.create', 'run.finalize']);
      expect(reply.body.map((e: { seq: number }) => e.seq)).to.deep.equal(reply.body.map((_: unknown, i: number) => i + 1));
      const finalize = reply.body.find((e: { action: string }) => e.action === 'run.finalize');
      expect(finalize).to.include({ actor: 'admin', subject: 'run:2015-1', year: YEAR });
      expect(finalize.beforeHash).to.match(/^sha256:/);
      expect(finalize.hash).to.match(/^sha256:/);
    });

    it('filters by year, unit, actor and time, and limits', async () => {
      const byUnit = await service.request('GET', `${events}?unit=620200`, { user: service.users.examiner });
      expect(byUnit.body.length).to.be.greaterThan(0);
      expect(byUnit.body.every((e: { unitCode: string }) => e.unitCode === '620200')).to.equal(true);
      const byActor = await service.request('GET', `${events}?actor=admin&year=2015`, { user: service.users.examiner });
      expect(byActor.body.map((e: { action: string }) => e.action)).to.deep.equal(['run.finalize']);
      const febFirst = await service.request('GET', `${events}?from=2016-02-01&to=2016-02-01`, { user: service.users.examiner });
      expect(febFirst.body.length).to.be.greaterThan(0);
      expect(febFirst.body.every((e: { at: string }) => e.at.startsWith('2016-02-01'))).to.equal(true);
      // 16:00 in Beijing on 2 February is 08:00 UTC: the second unit's entries, given with an offset.
      const withOffset = await service.request(
        'GET',
        `${events}?from=${encodeURIComponent('2016-02-02T16:00:00+08:00')}&to=${encodeURIComponent('2016-02-02T16:00:00+08:00')}`,
        { user: service.users.examiner },
      );
      expect(withOffset.body.length).to.be.greaterThan(0);
      expect(withOffset.body.every((e: { unitCode: string }) => e.unitCode === '620200')).to.equal(true);
      const limited = await service.request('GET', `${events}?limit=2`, { user: service.users.examiner });
      expect(limited.body.map((e: { seq: number }) => e.seq)).to.deep.equal([1, 2]);
      const otherYear = await service.request('GET', `${events}?year=2016`, { user: service.users.examiner });
      expect(otherYear.body).to.deep.equal([]);
      const nobody = await service.request('GET', `${events}?actor=${encodeURIComponent('$ne')}`, { user: service.users.examiner });
      expect(nobody.body).to.deep.equal([]);
    });

    const bad = [
      'cycle=2015',
      'year=abc',
      'year=2015&year=2016',
      'unit=62010',
      'unit[$ne]=x',
      'unit.code=620100',
      'limit=0',
      'limit=1001',
      'limit=ten',
      'from=yesterday',
      'to=2016-13-01',
      'actor=',
      '$where=1',
    ];
    for (const query of bad) {
      it(`?${query} → 400 naming the parameter`, async () => {
        const reply = await service.request('GET', `${events}?${query}`, { user: service.users.examiner });
        expect(reply.status, reply.text).to.equal(400);
        expect(reply.body.errors[0].path).to.match(/^\$\.query/);
      });
    }
  });

  describe('verify()', () => {
    /** Changes one stored document as an intruder with database access would, runs verify, and puts the document back. */
    async function tampered(collection: string, filter: Record<string, unknown>, change: (doc: Record<string, unknown>) => Record<string, unknown> | null) {
      const original = await db.collection(collection).findOne(filter);
      if (!original) throw new Error(`no ${collection} document matches ${JSON.stringify(filter)}`);
      const next = change({ ...original });
      if (next === null) await db.collection(collection).deleteOne({ _id: original._id });
      else await db.collection(collection).replaceOne({ _id: original._id }, next);
      try {
        return await verify(service.stores, service.clock);
      } finally {
        if (next === null) await db.collection(collection).insertOne(original);
        else await db.collection(collection).replaceOne({ _id: original._id }, original);
      }
    }

    it('passes on an untouched database, having checked the chain, the run and every record', async () => {
      const report = await verify(service.stores, service.clock);
      expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
      expect(report.events).to.equal((await service.stores.audit.all()).length);
      expect(report.runs).to.equal(1);
      // 6 rubrics (every rubrics/*.json from the first start: gansu-2015 1.0.0 and 1.1.0, lanzhou-2015 and the national example; 2 through the API), 2 submissions, 2 reviews, 1 run.
      expect(report.records).to.equal(11);
    });

    it('an audit entry changed in place: names that entry', async () => {
      const seq = 4;
      const report = await tampered('audit_events', { seq }, (e) => ({ ...e, actor: 'someone-else' }));
      expect(report.ok).to.equal(false);
      expect(report.problem).to.include({ kind: 'event', seq });
      expect(report.problem?.message).to.include(`#${seq}`);
    });

    it('an audit entry removed from the middle: names the entry after the gap', async () => {
      const report = await tampered('audit_events', { seq: 5 }, () => null);
      expect(report.problem).to.include({ kind: 'event', seq: 6 });
    });

    it('an audit entry whose hash was recomputed after a change: the next entry no longer fits', async () => {
      const report = await tampered('audit_events', { seq: 3 }, (e) => {
        const { _id, hash: _hash, ...fields } = e;
        return { _id, ...sealEvent({ ...(fields as Omit<AuditEvent, 'hash'>), detail: '改过' }) };
      });
      expect(report.problem).to.include({ kind: 'event', seq: 4 });
    });

    it('the trail cut back from its end to before the run’s last entry: the run no longer matches the trail', async () => {
      // The trail ends with the refusals logged above (access.denied), which describe no record; a cut that
      // takes the run's last entry with them leaves the run stored as no entry describes it.
      const runEntry = (await service.stores.audit.all()).filter((e) => e.subject === 'run:2015-1').at(-1);
      const cut = await db
        .collection('audit_events')
        .find({ seq: { $gte: runEntry?.seq } })
        .toArray();
      expect(cut.length).to.be.greaterThan(1);
      await db.collection('audit_events').deleteMany({ seq: { $gte: runEntry?.seq } });
      try {
        const report = await verify(service.stores, service.clock);
        expect(report.problem).to.include({ kind: 'record', subject: 'run:2015-1' });
      } finally {
        await db.collection('audit_events').insertMany(cut);
      }
    });

    it('a stored run’s results changed (hash left alone): names the run', async () => {
      // A run's texts are kept apart (run_texts); texts written into the run itself are what is read.
      const stored = await service.stores.runs.get('2015-1');
      const report = await tampered('runs', { runId: '2015-1' }, (r) => ({ ...r, results: String(stored?.results).replace('"total":', '"total": ') }));
      expect(report.problem).to.include({ kind: 'run', subject: 'run:2015-1' });
      expect(report.problem?.message).to.include('resultsHash');
    });

    it('a stored run’s results and resultsHash changed together: recomputing from the inputs tells', async () => {
      const stored = await service.stores.runs.get('2015-1');
      const report = await tampered('runs', { runId: '2015-1' }, (r) => {
        const results = JSON.parse(String(stored?.results));
        results.units[0].total = 100;
        const text = JSON.stringify(results);
        return { ...r, results: text, resultsHash: sha256(text) };
      });
      expect(report.problem).to.include({ kind: 'run', subject: 'run:2015-1' });
      expect(report.problem?.message).to.include('重新计算');
    });

    it('a stored run’s inputs and results rewritten consistently: the run no longer matches the trail', async () => {
      const stored = await service.stores.runs.get('2015-1');
      const report = await tampered('runs', { runId: '2015-1' }, (r) => {
        const inputs = (JSON.parse(String(stored?.inputs)) as unknown[]).map((e) => parseEvidence(e));
        const lanzhou = inputs.find((e) => e.unit.code === '620100');
        if (lanzhou?.items?.['G01.1'])
          lanzhou.items['G01.1'] = { ...lanzhou.items['G01.1'], adjustment: { score: 1.5, justification: '改分', by: 'examiner' } };
        const scored = scoreRun(rubric, inputs, String(r.engineVersion));
        if (!scored.ok) throw new Error('rescoring failed');
        return { ...r, ...scored.run };
      });
      expect(report.problem).to.include({ kind: 'record', subject: 'run:2015-1' });
    });

    it('a finalised run set back to draft: names the run', async () => {
      const report = await tampered('runs', { runId: '2015-1' }, (r) => ({ ...r, status: 'draft' }));
      expect(report.problem).to.include({ kind: 'record', subject: 'run:2015-1' });
    });

    it('a run deleted: names the missing run', async () => {
      const report = await tampered('runs', { runId: '2015-1' }, () => null);
      expect(report.problem).to.include({ kind: 'record', subject: 'run:2015-1' });
      expect(report.problem?.message).to.include('不见了');
    });

    it('a submission’s evidence changed: names the submission', async () => {
      const report = await tampered('submissions', { unitCode: '620200' }, (s) => ({ ...s, items: String(s.items).replace('"selfScore":', '"selfScore": ') }));
      expect(report.problem).to.include({ kind: 'record', subject: 'submission:2015/620200' });
    });

    it('a review changed: names the review', async () => {
      const report = await tampered('reviews', { unitCode: '620100' }, (r) => ({ ...r, items: '{}' }));
      expect(report.problem).to.include({ kind: 'record', subject: 'review:2015/620100' });
    });

    it('a rubric’s text changed: names the rubric', async () => {
      const report = await tampered('rubrics', { hash: rubric.hash }, (r) => ({ ...r, source: String(r.source).replace('"points": 1.5', '"points": 1.4') }));
      expect(report.problem).to.include({ kind: 'record', subject: `rubric:${rubric.hash}` });
    });

    it('a review written straight into the database, past the service: not in the trail', async () => {
      await db
        .collection('reviews')
        .insertOne({ year: YEAR, unitCode: '621000', items: '{}', updatedBy: 'intruder', updatedAt: '2016-04-01T00:00:00.000Z', version: 1 });
      try {
        const report = await verify(service.stores, service.clock);
        expect(report.problem).to.include({ kind: 'record', subject: 'review:2015/621000' });
      } finally {
        await db.collection('reviews').deleteOne({ unitCode: '621000' });
      }
    });

    it('passes again once everything is put back', async () => {
      expect((await verify(service.stores, service.clock)).ok).to.equal(true);
    });
  });
});
