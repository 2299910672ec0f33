/**
 * Auditor notes (第三方评估意见) as the evaluator writes them and everyone reads them:
 * only auditors write; a bad note is refused naming the field, and nothing is stored;
 * each note is in the audit trail, in the bundle and on the unit's scorecard page, and
 * changes no score; a note changed in the database is named by verify(). Real FerretDB,
 * real HTTP, real report renderers.
 */
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { runTexts } from '../../src/audit/index.js';
import { sha256 } from '../../src/core/index.js';
import { verify } from '../../src/services/audit/audit.js';
import { type NoteRecord, recordHash } from '../../src/records/index.js';
import type { TestService } from '../support/service.js';
import { FINAL_RUN, finalize, makeRun, seedCycle } from './bundle-support.js';
import { type Caller, YEAR, as, startServiceWithDatabase } from './review-run-support.js';

const notesOf = (unit: string, year = YEAR) => `/api/cycles/${year}/units/${unit}/notes`;
const list = (query = '', year = YEAR) => `/api/cycles/${year}/notes${query}`;
const scorecard = (unit: string) => `/api/cycles/${YEAR}/runs/${FINAL_RUN}/scorecards/${unit}.html`;
const DRAFT_RUN = '2015-2';

/** The scorecard page less its evaluator-notes section: what it was before any note. */
function withoutNotes(page: string): string {
  return page.replace(/<h3>第三方评估意见<\/h3>[\s\S]*?<\/table>/, '');
}

describe('auditor notes: POST …/units/:unit/notes, GET …/notes (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  let db: Connection;
  const before_ = { scorecard: '', otherScorecard: '', bulletin: '', results: '' };
  let disagree: NoteRecord;
  let overall: NoteRecord;
  let onDraft: NoteRecord;

  before(async () => {
    ({ service, connection: db } = await startServiceWithDatabase());
    await seedCycle(service);
    await makeRun(service);
    await finalize(service, FINAL_RUN);
    expect(await makeRun(service)).to.equal(DRAFT_RUN);
    const read = async (path: string) => (await service.request('GET', path, { user: service.users.examiner })).text;
    before_.scorecard = await read(scorecard('620100'));
    before_.otherScorecard = await read(scorecard('620200'));
    before_.bulletin = await read(`/api/cycles/${YEAR}/runs/${FINAL_RUN}/report.html`);
    before_.results = (await service.stores.runs.get(FINAL_RUN))?.results ?? '';
    expect(before_.scorecard).to.include('评分表').and.not.include('第三方评估意见');
  });
  after(async () => {
    await service.close();
  });

  describe('writing a note', () => {
    it('an auditor disagrees with one checkpoint: 201, the reason trimmed, who and when recorded', async () => {
      service.clock.set('2016-04-12T08:05:00.000Z');
      const reply = await service.request('POST', notesOf('620100'), {
        user: service.users.auditor,
        body: { itemCode: 'G10.1', runId: FINAL_RUN, verdict: 'disagree', reason: '  抽查3个项目，监督覆盖率记录不完整 <script>  ' },
      });
      expect(reply.status, reply.text).to.equal(201);
      disagree = reply.body;
      expect(disagree).to.include({
        year: YEAR,
        unitCode: '620100',
        itemCode: 'G10.1',
        runId: FINAL_RUN,
        verdict: 'disagree',
        reason: '抽查3个项目，监督覆盖率记录不完整 <script>',
        by: 'auditor',
        at: '2016-04-12T08:05:00.000Z',
      });
      expect(disagree.id).to.match(/^[0-9a-f-]{36}$/);
    });

    it('an overall note needs no checkpoint and no run; a note on a draft run is allowed', async () => {
      const reply = await service.request('POST', notesOf('620100'), {
        user: service.users.auditor,
        body: { verdict: 'agree', reason: '总体认可考核组的核定结果。' },
      });
      expect(reply.status, reply.text).to.equal(201);
      overall = reply.body;
      expect(overall).to.not.have.any.keys('itemCode', 'runId');
      const draft = await service.request('POST', notesOf('620100'), {
        user: service.users.auditor,
        body: { itemCode: 'G01.1', runId: DRAFT_RUN, verdict: 'agree', reason: '草稿复核：同意。' },
      });
      expect(draft.status, draft.text).to.equal(201);
      onDraft = draft.body;
    });

    it('each note is in the audit trail: note.add, subject note:<id>, created from nothing, with the note’s hash', async () => {
      const chain = await service.stores.audit.all();
      for (const note of [disagree, overall, onDraft]) {
        const entry = chain.find((e) => e.subject === `note:${note.id}`);
        expect(entry, note.id).to.include({
          action: 'note.add',
          actor: 'auditor',
          year: YEAR,
          unitCode: '620100',
          beforeHash: '',
          afterHash: recordHash(note),
        });
      }
      expect(chain.find((e) => e.subject === `note:${disagree.id}`)?.detail).to.equal(`不同意：G10.1（评分 ${FINAL_RUN}）`);
      expect((await verify(service.stores, service.clock)).ok).to.equal(true);
    });

    const others: Caller[] = ['examiner', 'admin', 'city', 'otherCity', 'anonymous'];
    for (const caller of others) {
      it(`${caller} may not write a note (${caller === 'anonymous' ? 401 : 403})`, async () => {
        const reply = await service.request('POST', notesOf('620100'), { ...as(service, caller), body: { verdict: 'agree', reason: '同意' } });
        expect(reply.status, reply.text).to.equal(caller === 'anonymous' ? 401 : 403);
        if (caller !== 'anonymous') expect(reply.body.message).to.match(/[\u4e00-\u9fff]/);
      });
    }

    const refused: [string, string, unknown, number, string, string?][] = [
      ['no verdict', notesOf('620100'), { reason: '理由' }, 400, '$.body.verdict'],
      ['a verdict that is neither', notesOf('620100'), { verdict: 'maybe', reason: '理由' }, 400, '$.body.verdict', 'agree'],
      ['no reason', notesOf('620100'), { verdict: 'agree' }, 400, '$.body.reason', 'reason'],
      ['a blank reason', notesOf('620100'), { verdict: 'agree', reason: ' \n\t ' }, 400, '$.body.reason', '不能为空'],
      ['a reason too long', notesOf('620100'), { verdict: 'agree', reason: '长'.repeat(2001) }, 400, '$.body.reason', '2000'],
      ['a reason that is not text', notesOf('620100'), { verdict: 'agree', reason: 5 }, 400, '$.body.reason'],
      ['an unknown field', notesOf('620100'), { verdict: 'agree', reason: '理由', score: 3 }, 400, '$.body'],
      ['a checkpoint not in the rubric', notesOf('620100'), { itemCode: 'G99.9', verdict: 'agree', reason: '理由' }, 400, '$.body.itemCode', 'G99.9'],
      ['a checkpoint code that is not one', notesOf('620100'), { itemCode: '$where', verdict: 'agree', reason: '理由' }, 400, '$.body.itemCode'],
      ['a run that does not exist', notesOf('620100'), { runId: '2015-9', verdict: 'agree', reason: '理由' }, 400, '$.body.runId', '2015-9'],
      ['a run id that is not one', notesOf('620100'), { runId: 'latest', verdict: 'agree', reason: '理由' }, 400, '$.body.runId'],
      ['a unit not in the register', notesOf('629999'), { verdict: 'agree', reason: '理由' }, 404, '', '单位 629999'],
      ['a year without a cycle', notesOf('620100', 2016), { verdict: 'agree', reason: '理由' }, 404, '', '2016'],
    ];
    for (const [what, path, body, status, field, says] of refused) {
      it(`${what} → ${status}${field ? ` naming ${field}` : ''}, and nothing is stored`, async () => {
        const count = { notes: (await service.stores.notes.list({ year: YEAR })).length, events: (await service.stores.audit.all()).length };
        const reply = await service.request('POST', path, { user: service.users.auditor, body });
        expect(reply.status, reply.text).to.equal(status);
        if (field) expect(reply.body.errors?.[0]?.path, reply.text).to.equal(field);
        if (says) expect(reply.text).to.include(says);
        expect((await service.stores.notes.list({ year: YEAR })).length).to.equal(count.notes);
        expect((await service.stores.audit.all()).length).to.equal(count.events);
      });
    }
  });

  describe('reading notes', () => {
    it('examiners, admins and auditors read every note of the cycle, oldest first, and can filter by unit', async () => {
      for (const user of [service.users.examiner, service.users.admin, service.users.auditor]) {
        const reply = await service.request('GET', list(), { user });
        expect(reply.status, reply.text).to.equal(200);
        expect(reply.body.map((n: NoteRecord) => n.id)).to.deep.equal([disagree.id, overall.id, onDraft.id]);
      }
      const other = await service.request('GET', list('?unit=620200'), { user: service.users.examiner });
      expect(other.body).to.deep.equal([]);
    });

    it('a city reads the notes on its own unit, less those about a draft run; another unit’s are 403', async () => {
      const own = await service.request('GET', list(), { user: service.users.city });
      expect(own.status, own.text).to.equal(200);
      expect(own.body.map((n: NoteRecord) => n.id)).to.deep.equal([disagree.id, overall.id]);
      const ownFiltered = await service.request('GET', list('?unit=620100'), { user: service.users.city });
      expect(ownFiltered.body.map((n: NoteRecord) => n.id)).to.deep.equal([disagree.id, overall.id]);
      expect((await service.request('GET', list(), { user: service.users.otherCity })).body).to.deep.equal([]);
      const theirs = await service.request('GET', list('?unit=620100'), { user: service.users.otherCity });
      expect(theirs.status).to.equal(403);
      expect(theirs.body.message).to.include('本单位');
    });

    it('bad filters and unknown years are refused', async () => {
      expect((await service.request('GET', list('?unit=6201'), { user: service.users.auditor })).body.errors[0].path).to.equal('$.query.unit');
      expect((await service.request('GET', list('?item=G10.1'), { user: service.users.auditor })).status).to.equal(400);
      expect((await service.request('GET', list('', 2016), { user: service.users.auditor })).status).to.equal(404);
      expect((await service.request('GET', list())).status).to.equal(401);
    });
  });

  describe('where notes appear, and what they do not change', () => {
    it('on the unit’s scorecard page: a 第三方评估意见 section with checkpoint (or 整体), verdict, reason, who and when', async () => {
      const reply = await service.request('GET', scorecard('620100'), { user: service.users.examiner });
      expect(reply.status).to.equal(200);
      const section = /<h3>第三方评估意见<\/h3>[\s\S]*?<\/table>/.exec(reply.text)?.[0] ?? '';
      const rows = [...section.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((m) => m[0]);
      // The note about the draft run is not about this run.
      expect(rows).to.have.length(2);
      expect(rows[0])
        .to.include('G10.1 ')
        .and.include('不同意')
        .and.include('抽查3个项目')
        .and.include('&lt;script&gt;')
        .and.include('auditor')
        .and.include('2016-04-12 16:05');
      expect(rows[1]).to.include('<td>整体</td>').and.include('同意').and.include('总体认可');
    });

    it('a city reads them on its own scorecard of the finalised run', async () => {
      const reply = await service.request('GET', scorecard('620100'), { user: service.users.city });
      expect(reply.status).to.equal(200);
      expect(reply.text).to.include('第三方评估意见').and.include('抽查3个项目');
    });

    it('change no score: the run’s results are as stored before, and the scorecard less the notes is byte for byte as before', async () => {
      expect((await service.stores.runs.get(FINAL_RUN))?.results).to.equal(before_.results);
      const page = (await service.request('GET', scorecard('620100'), { user: service.users.examiner })).text;
      expect(withoutNotes(page)).to.equal(before_.scorecard);
      expect((await service.request('GET', scorecard('620200'), { user: service.users.examiner })).text).to.equal(before_.otherScorecard);
      // The bulletin is the province's document: notes are not printed in it.
      expect((await service.request('GET', `/api/cycles/${YEAR}/runs/${FINAL_RUN}/report.html`, { user: service.users.examiner })).text).to.equal(
        before_.bulletin,
      );
    });

    it('a note added later is on the scorecard at the next request (the report set is made again)', async () => {
      service.clock.set('2016-04-13T01:00:00.000Z');
      const added = await service.request('POST', notesOf('620100'), {
        user: service.users.auditor,
        body: { itemCode: 'GV1', verdict: 'agree', reason: '核实未发生区域性质量安全事件。' },
      });
      expect(added.status, added.text).to.equal(201);
      const page = (await service.request('GET', scorecard('620100'), { user: service.users.examiner })).text;
      expect(page).to.include('核实未发生区域性质量安全事件').and.include('2016-04-13 09:00');
    });

    it('in the bundle: every note of the year, while the run’s texts still rebuild to its hashes', async () => {
      const reply = await service.request('GET', `/api/cycles/${YEAR}/runs/${FINAL_RUN}/bundle`, { user: service.users.auditor });
      expect(reply.status).to.equal(200);
      expect(reply.body.notes).to.deep.equal(await service.stores.notes.list({ year: YEAR }));
      expect(reply.body.notes.map((n: NoteRecord) => n.id).slice(0, 3)).to.deep.equal([disagree.id, overall.id, onDraft.id]);
      const run = await service.stores.runs.get(FINAL_RUN);
      expect(sha256(runTexts(reply.body).inputs)).to.equal(run?.inputsHash);
      expect(sha256(runTexts(reply.body).results)).to.equal(run?.resultsHash);
      const subjects = reply.body.audit.map((e: { subject: string }) => e.subject);
      expect(subjects).to.include(`note:${disagree.id}`);
    });
  });

  describe('verify() and notes changed behind the service’s back', () => {
    async function tampered(change: (doc: Record<string, unknown>) => Record<string, unknown> | null) {
      const original = await db.collection('notes').findOne({ id: disagree.id });
      if (!original) throw new Error('note not found');
      const next = change({ ...original });
      if (next === null) await db.collection('notes').deleteOne({ _id: original._id });
      else await db.collection('notes').replaceOne({ _id: original._id }, next);
      try {
        return await verify(service.stores, service.clock);
      } finally {
        if (next === null) await db.collection('notes').insertOne(original);
        else await db.collection('notes').replaceOne({ _id: original._id }, original);
      }
    }

    it('a note’s verdict turned round: names the note', async () => {
      const report = await tampered((n) => ({ ...n, verdict: 'agree' }));
      expect(report.ok).to.equal(false);
      expect(report.problem).to.include({ kind: 'record', subject: `note:${disagree.id}` });
    });

    it('a note deleted: names the missing note', async () => {
      const report = await tampered(() => null);
      expect(report.problem).to.include({ kind: 'record', subject: `note:${disagree.id}` });
      expect(report.problem?.message).to.include('不见了');
    });

    it('a note written straight into the database: not in the trail', async () => {
      await db
        .collection('notes')
        .insertOne({ id: 'forged', year: YEAR, unitCode: '620200', verdict: 'agree', reason: '伪造', by: 'auditor', at: '2016-04-12T00:00:00.000Z' });
      try {
        expect((await verify(service.stores, service.clock)).problem).to.include({ kind: 'record', subject: 'note:forged' });
      } finally {
        await db.collection('notes').deleteOne({ id: 'forged' });
      }
    });

    it('passes once everything is put back, having checked the notes', async () => {
      const report = await verify(service.stores, service.clock);
      expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
      expect(report.records).to.be.greaterThanOrEqual(4);
    });
  });
});
