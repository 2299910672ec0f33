/**
 * Two runs compared a page at a time (services/audit/compare-pages.ts): the counts are over
 * every unit, the page is a slice of the filtered units in code order, and the comparison is
 * made once per user and kept a minute (a failed one is not kept).
 */
import { expect } from 'chai';
import type { BundleDiff, UnitDiff } from '../../src/audit/index.js';
import type { Actor } from '../../src/services/access/actor.js';
import { comparePages } from '../../src/services/audit/compare-pages.js';

const standing = (rank: number, grade = '合格') => ({ total: 80, rank, grade, vetoed: false, base: 80, bonus: 0, deductions: 0 });

function unit(code: string, name: string, before: number | null, after: number | null, grades: [string, string] = ['合格', '合格']): UnitDiff {
  return {
    code,
    name,
    before: before === null ? null : standing(before, grades[0]),
    after: after === null ? null : standing(after, grades[1]),
    changed: before !== after || grades[0] !== grades[1],
    items: [],
  };
}

const UNITS = [
  unit('110101', '东城区', 1, 1),
  unit('110102', '西城区', 3, 2),
  unit('110105', '朝阳区', 2, 3, ['合格', '不合格']),
  unit('110106', '丰台区', null, 4),
  unit('110107', '石景山区', 4, null),
  ...Array.from({ length: 95 }, (_, i) => unit(String(120101 + i), `县${i}`, 5 + i, 5 + i)),
];
const DIFF = { identical: false, units: UNITS } as unknown as BundleDiff;
const examiner: Actor = { userId: 'u1', username: 'examiner', role: 'examiner' };
const auditor: Actor = { userId: 'u2', username: 'auditor', role: 'auditor' };
const key = { year: 2015 };

describe('comparing two runs a page at a time', () => {
  let calls = 0;
  let now = 0;
  const pages = comparePages(
    async () => {
      calls++;
      return DIFF;
    },
    () => now,
  );

  it('counts every unit’s change, not only the page’s', async () => {
    const page = await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 0, limit: 2 });
    expect(page.counts).to.deep.equal({ units: 100, changed: 4, rankUp: 1, rankDown: 1, gradeChanged: 1, added: 1, removed: 1 });
    expect(page.units.map((u) => u.code)).to.deep.equal(['110101', '110102']);
    expect(page.total).to.equal(100);
  });

  it('pages, searches by name or code prefix and keeps only the changed, from the one comparison made', async () => {
    const third = await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 40, limit: 20 });
    expect(third.units).to.have.length(20);
    expect(third.units[0]?.code).to.equal('120136');
    expect((await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 0, limit: 50, q: '城区' })).units.map((u) => u.name)).to.deep.equal([
      '东城区',
      '西城区',
    ]);
    expect((await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 0, limit: 50, q: '12010' })).total).to.equal(9);
    const changed = await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 0, limit: 50, changed: true });
    expect(changed.units.map((u) => u.code)).to.deep.equal(['110102', '110105', '110106', '110107']);
    expect(calls).to.equal(1);
  });

  it('makes the comparison again for another user, and after a minute', async () => {
    await pages.comparePage(auditor, key, '2015-1', '2015-2', { offset: 0, limit: 1 });
    expect(calls).to.equal(2);
    now += 61_000;
    await pages.comparePage(examiner, key, '2015-1', '2015-2', { offset: 0, limit: 1 });
    expect(calls).to.equal(3);
  });

  it('refuses a unit’s user, and does not keep a comparison that failed', async () => {
    const city: Actor = { userId: 'u3', username: 'city-620100', role: 'city', unitCode: '620100' };
    const refused = await pages.comparePage(city, key, '2015-1', '2015-2', { offset: 0, limit: 1 }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(Error);
    let fail = true;
    const flaky = comparePages(
      async () => {
        if (fail) throw new Error('数据库暂时不可用');
        return DIFF;
      },
      () => 0,
    );
    expect(await flaky.comparePage(examiner, key, 'a', 'b', { offset: 0, limit: 1 }).catch((e: unknown) => e)).to.be.instanceOf(Error);
    fail = false;
    expect((await flaky.comparePage(examiner, key, 'a', 'b', { offset: 0, limit: 1 })).total).to.equal(100);
  });
});
