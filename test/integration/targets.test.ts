import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { assess, buildResults, explainItem, parseEvidence, parseRubric } from '../../src/core/index.js';
import { verify } from '../../src/services/audit/audit-verify.js';
import { runTargets, withTargets } from '../../src/services/targets/run-targets.js';
import { targetService } from '../../src/services/targets/targets.js';
import type { Stores } from '../../src/services/ports.js';
import { fromRoot } from '../support/paths.js';
import { type TestService, startService } from '../support/service.js';

const YEAR = 2015;
const base = (unit = '620100') => `/api/cycles/${YEAR}/targets/${unit}`;

/** gansu-2015 1.1.0's text under a version of its own, so that the test publishes the rubric its cycle runs on. */
function rubricWithTargets(): Record<string, unknown> {
  const text = readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8');
  // Its changelog's first entry would name 1.1.0, which this copy is not.
  const { changelog: _changelog, ...document } = JSON.parse(text) as Record<string, unknown>;
  return { ...document, version: '1.1.1' };
}

describe('target filing (目标备案): /api/cycles/:cycle/targets (real FerretDB, real HTTP)', () => {
  let service: TestService;
  let city: TestService['users']['city'];
  let examiner: TestService['users']['examiner'];

  before(async () => {
    service = await startService({ now: '2015-03-10T02:00:00.000Z' });
    ({ city, examiner } = service.users);
    const created = await service.request('POST', '/api/rubrics', { user: examiner, body: rubricWithTargets() });
    expect(created.status, created.text).to.equal(201);
    const published = await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, { user: examiner, body: { version: 1 } });
    expect(published.status, published.text).to.equal(200);
    const cycle = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year: YEAR, rubric: created.body.hash, deadline: '2016-03-31T23:59:59+08:00', targetDeadline: '2015-03-31T23:59:59+08:00' },
    });
    expect(cycle.status, cycle.text).to.equal(201);
    expect(cycle.body.targetDeadline).to.equal('2015-03-31T15:59:59.000Z');
  });
  after(async () => {
    await service.close();
  });

  it('before filing, the unit reads an empty filing (version 0) listing the five targets the rubric asks for', async () => {
    const reply = await service.request('GET', base(), { user: city });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body).to.include({ version: 0, unitCode: '620100', unitName: '兰州市', filingDeadline: '2015-03-31T15:59:59.000Z' });
    expect(reply.body.unfiled.map((u: { field: string }) => u.field)).to.deep.equal([
      'goodAirDaysTarget',
      'cqoTarget',
      'makerCheckTask',
      'platformTarget',
      'measurementStandardsPlanned',
    ]);
  });

  it('file → return with a reason → file again → approve → frozen: an approved target cannot be changed, and every step is in the audit chain', async () => {
    const filed = await service.request('PUT', base(), { user: city, body: { targets: { 'Q04.1': { goodAirDaysTarget: 80 }, 'G05.1': {} } } });
    expect(filed.status, filed.text).to.equal(200);
    expect(filed.headers.get('etag')).to.equal('"1"');
    expect(filed.body.targets['Q04.1'].goodAirDaysTarget).to.deep.include({ value: 80, state: 'filed', filedBy: 'lanzhou' });

    const noReason = await service.request('POST', `${base()}/decisions`, { user: examiner, body: { decision: 'return', version: 1 } });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['$.body.reason']);

    service.clock.set('2015-03-12T02:00:00.000Z');
    const returned = await service.request('POST', `${base()}/decisions`, {
      user: examiner,
      body: { decision: 'return', reason: '低于上年实际值，请按省环保厅核准数重报', version: 1 },
    });
    expect(returned.status, returned.text).to.equal(200);
    expect(returned.body.targets['Q04.1'].goodAirDaysTarget).to.deep.include({
      state: 'returned',
      decidedBy: 'examiner',
      reason: '低于上年实际值，请按省环保厅核准数重报',
    });

    const stale = await service.request('PUT', base(), {
      user: city,
      body: { targets: { 'Q04.1': { goodAirDaysTarget: 82.5 } } },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).to.equal(409);
    const again = await service.request('PUT', base(), {
      user: city,
      body: { targets: { 'Q04.1': { goodAirDaysTarget: 82.5 } } },
      headers: { 'if-match': '"2"' },
    });
    expect(again.status, again.text).to.equal(200);
    expect(again.body.targets['Q04.1'].goodAirDaysTarget).to.deep.equal({
      value: 82.5,
      state: 'filed',
      filedAt: '2015-03-12T02:00:00.000Z',
      filedBy: 'lanzhou',
    });

    const approved = await service.request('POST', `${base()}/decisions`, {
      user: examiner,
      body: { decision: 'approve', item: 'Q04.1', field: 'goodAirDaysTarget' },
      headers: { 'if-match': '"3"' },
    });
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body.version).to.equal(4);
    expect(approved.body.targets['Q04.1'].goodAirDaysTarget).to.deep.include({ value: 82.5, state: 'approved', decidedBy: 'examiner' });
    expect(approved.body.targets['Q04.1'].goodAirDaysTarget).to.not.have.property('reason');

    const changed = await service.request('PUT', base(), { user: city, body: { targets: { 'Q04.1': { goodAirDaysTarget: 75 } }, version: 4 } });
    expect(changed.status).to.equal(409);
    expect(changed.body.message).to.contain('已批准的目标不能修改').and.to.contain('优良天数比例目标');
    const twice = await service.request('POST', `${base()}/decisions`, { user: examiner, body: { decision: 'approve', version: 4 } });
    expect(twice.status).to.equal(409);
    expect(twice.body.message).to.contain('没有待审核的备案目标');

    // The same value again is no change: the others can be filed beside it.
    const more = await service.request('PUT', base(), {
      user: city,
      body: { targets: { 'Q04.1': { goodAirDaysTarget: 82.5 }, 'G05.1': { cqoTarget: 12 } }, version: 4 },
    });
    expect(more.status, more.text).to.equal(200);
    expect(more.body.targets['Q04.1'].goodAirDaysTarget.state).to.equal('approved');
    expect(more.body.targets['G05.1'].cqoTarget.state).to.equal('filed');

    const events = (await service.stores.audit.all()).filter((e) => e.subject === `targets:${YEAR}/620100`);
    expect(events.map((e) => e.action)).to.deep.equal(['targets.file', 'targets.return', 'targets.file', 'targets.approve', 'targets.file']);
    expect(events[1]?.detail).to.contain('低于上年实际值');
  });

  it('the board lists every unit with its filing for examiners and auditors, and is refused to a city', async () => {
    const board = await service.request('GET', `/api/cycles/${YEAR}/targets`, { user: service.users.auditor });
    expect(board.status, board.text).to.equal(200);
    expect(board.body).to.have.length(14);
    const lanzhou = board.body.find((f: { unitCode: string }) => f.unitCode === '620100');
    expect(lanzhou.targets['Q04.1'].goodAirDaysTarget.state).to.equal('approved');
    expect(board.body.find((f: { unitCode: string }) => f.unitCode === '620200').version).to.equal(0);
    expect((await service.request('GET', `/api/cycles/${YEAR}/targets`, { user: city })).status).to.equal(403);
    expect((await service.request('GET', base('620200'), { user: city })).status).to.equal(403);
    expect((await service.request('GET', base('620200'), { user: examiner })).status).to.equal(200);
  });

  it('a city filing for another unit is 403 before its body is read (a body that is not even JSON)', async () => {
    const reply = await service.request('PUT', base('620200'), { user: city, body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(reply.status).to.equal(403);
    expect(reply.body.code).to.equal('forbidden');
    const examinerFiles = await service.request('PUT', base('620200'), { user: examiner, body: { targets: {} } });
    expect(examinerFiles.status).to.equal(403);
    const cityDecides = await service.request('POST', `${base('620100')}/decisions`, { user: city, body: { decision: 'approve' } });
    expect(cityDecides.status).to.equal(403);
  });

  it('bad targets are 400 naming each path: out of range, not an integer, a field the unit fills, an unknown item', async () => {
    const reply = await service.request('PUT', base('620200'), {
      user: service.users.otherCity,
      body: { targets: { 'Q04.1': { goodAirDaysTarget: 120, goodAirDays: 90 }, 'G05.1': { cqoTarget: 2.5 }, X9: { a: 1 } } },
    });
    expect(reply.status, reply.text).to.equal(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(
      ['$.body.targets["G05.1"].cqoTarget', '$.body.targets["Q04.1"].goodAirDays', '$.body.targets["Q04.1"].goodAirDaysTarget', '$.body.targets.X9'].sort(),
    );
    expect((await service.request('GET', base('620200'), { user: examiner })).body.version).to.equal(0);
  });

  it('a target in the evidence form is refused: 目标值须经目标备案', async () => {
    const reply = await service.request('PUT', `/api/cycles/${YEAR}/submissions/620100`, {
      user: city,
      body: { items: { 'Q04.1': { values: { goodAirDays: 85, goodAirDaysTarget: 70 } } } },
    });
    expect(reply.status).to.equal(400);
    const problem = reply.body.errors.find((e: { path: string }) => e.path.endsWith('goodAirDaysTarget'));
    expect(problem.message).to.contain('目标值须经目标备案，不能在证据中直接填写');
  });

  it('after the target deadline a city can no longer file (409 deadline_passed, saying when it closed); the examiner may still decide', async () => {
    service.clock.set('2015-04-01T00:00:00.000Z');
    const late = await service.request('PUT', base(), { user: city, body: { targets: { 'G12.1': { platformTarget: 2 } }, version: 5 } });
    expect(late.status).to.equal(409);
    expect(late.body.code).to.equal('deadline_passed');
    expect(late.body.message).to.contain('目标备案已于 2015-03-31T15:59:59.000Z 截止');
    const decided = await service.request('POST', `${base()}/decisions`, { user: examiner, body: { decision: 'approve', version: 5 } });
    expect(decided.status, decided.text).to.equal(200);
    expect(decided.body.targets['G05.1'].cqoTarget.state).to.equal('approved');
  });

  it('a run gets the approved targets only, with their provenance, and the core reads and explains them (src/services/targets/run-targets.ts)', async () => {
    // 620100: goodAirDaysTarget and cqoTarget approved; 620200 filed nothing: no entry, its documents stay as they were.
    const targets = await runTargets(service.stores, { year: YEAR });
    expect([...targets.keys()]).to.deep.equal(['620100']);
    expect(targets.get('620100')).to.deep.equal({
      'G05.1': { cqoTarget: { value: 12, filedAt: '2015-03-12T02:00:00.000Z', approvedAt: '2015-04-01T00:00:00.000Z', approvedBy: 'examiner' } },
      'Q04.1': { goodAirDaysTarget: { value: 82.5, filedAt: '2015-03-12T02:00:00.000Z', approvedAt: '2015-03-12T02:00:00.000Z', approvedBy: 'examiner' } },
    });
    const rubric = parseRubric(rubricWithTargets());
    const plain = {
      kaohe: 'evidence/v1' as const,
      rubric: rubric.id,
      year: YEAR,
      unit: { code: '620100', name: '兰州市' },
      items: { 'Q04.1': { values: { goodAirDays: 80 } } },
    };
    const other = { ...plain, unit: { code: '620200', name: '嘉峪关市' } };
    expect(withTargets(other, targets)).to.equal(other);
    const evidence = parseEvidence(withTargets(plain, targets));
    const results = JSON.parse(JSON.stringify(buildResults(rubric, assess(rubric, [evidence], { engineVersion: 'test' }), [evidence])));
    const q041 = results.units[0].items.find((i: { code: string }) => i.code === 'Q04.1');
    // 6 − 1 × (82.5 − 80) = 3.5
    expect(q041.score).to.equal(3.5);
    const text = explainItem(rubric.items.get('Q04.1') as never, q041, '兰州市');
    expect(text).to.contain('= 82.5 % ［目标备案：2015-03-12 备案，2015-03-12 examiner 批准］');
  });

  it('kaohe audit verify checks the filings against the trail: it passes, and a target changed behind the service’s back is named', async () => {
    const report = await verify(service.stores, service.clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    const filings = service.connection.collection('target_filings');
    const original = (await filings.findOne({ year: YEAR, unitCode: '620100' }))?.targets as string;
    await filings.updateOne({ year: YEAR, unitCode: '620100' }, { $set: { targets: '{}' } });
    const tampered = await verify(service.stores, service.clock);
    expect(tampered.ok).to.equal(false);
    expect(tampered.problem).to.deep.include({ kind: 'record', subject: `targets:${YEAR}/620100` });
    await filings.updateOne({ year: YEAR, unitCode: '620100' }, { $set: { targets: original } });
    expect((await verify(service.stores, service.clock)).ok).to.equal(true);
  });

  it('a filing whose audit entry a crash prevented is completed by recovery, and verify passes', async () => {
    service.clock.set('2015-03-20T00:00:00.000Z');
    let crash = true;
    const stores: Stores = {
      ...service.stores,
      audit: {
        ...service.stores.audit,
        append: async (event, writeId) => {
          if (crash) {
            crash = false;
            throw new Error('simulated crash after the write');
          }
          return service.stores.audit.append(event, writeId);
        },
      },
    };
    const crashing = targetService({ ...service.services.deps, stores });
    const jinchang = { userId: 'c', username: 'jinchang', role: 'city' as const, unitCode: '620300' };
    let failed: unknown;
    await crashing.file(jinchang, { year: YEAR }, '620300', { 'Q04.1': { goodAirDaysTarget: 81 } }, 0).catch((e: unknown) => (failed = e));
    expect(String(failed)).to.contain('simulated crash');
    expect((await service.stores.targets.get({ year: YEAR }, '620300'))?.version).to.equal(1);
    service.clock.set('2015-03-20T00:05:00.000Z');
    const report = await verify(service.stores, service.clock);
    expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
    expect(report.recovery.completed.map((e) => [e.action, e.subject])).to.deep.equal([['targets.file', `targets:${YEAR}/620300`]]);
  });

  it('a cycle whose target deadline is after its deadline is refused at $.body.targetDeadline', async () => {
    const reply = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year: 2016, rubric: 'sha256:' + '0'.repeat(64), deadline: '2017-03-31T23:59:59+08:00', targetDeadline: '2017-04-30T23:59:59+08:00' },
    });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['$.body.targetDeadline']);
  });
});
