/**
 * The order of one record's audit entries: what verify calls out of order
 * (subjectOrderBreaks), and which open intents a writer appends before its own
 * entry (intentsBetween). Pure; the three-process test shows both at work.
 */
import { expect } from 'chai';
import { type AuditEvent, GENESIS, type NewAuditEvent, sealEvent, subjectOrderBreaks, type WriteIntent } from '../../src/records/index.js';
import { intentsBetween } from '../../src/services/audit/subject-order.js';

const SUBJECT = 'submission:2015/620100';

function trail(moves: readonly [string, string, string?][]): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (const [beforeHash, afterHash, subject = SUBJECT] of moves) {
    const previous = out.at(-1);
    out.push(
      sealEvent({
        seq: out.length + 1,
        at: '2016-01-15T09:00:00.000Z',
        actor: 'lanzhou',
        action: 'submission.save',
        subject,
        beforeHash,
        afterHash,
        prevHash: previous?.hash ?? GENESIS,
      }),
    );
  }
  return out;
}

function intent(writeId: string, beforeHash: string, afterHash: string): WriteIntent {
  const event: NewAuditEvent = { at: '2016-01-15T09:00:00.000Z', actor: 'lanzhou', action: 'submission.save', subject: SUBJECT, beforeHash, afterHash };
  return { writeId, event, createdAt: '2016-01-15T09:00:00.000Z', leaseUntil: '2016-01-15T09:01:00.000Z' };
}

describe('the order of one record’s audit entries', () => {
  it('entries that follow the writes, with other records and sign-ins between them: no break', () => {
    const events = trail([
      ['', 'v1'],
      ['', 'r1', 'review:2015/620100'],
      ['', '', 'user:lanzhou'],
      ['v1', 'v2'],
      ['r1', 'r2', 'review:2015/620100'],
      ['v2', 'v3'],
    ]);
    expect(subjectOrderBreaks(events)).to.deep.equal([]);
  });

  it('a later write logged before an earlier one: the entry that does not begin where the last one ended', () => {
    const events = trail([
      ['', 'v1'],
      ['v2', 'v3'],
      ['v1', 'v2'],
    ]);
    const breaks = subjectOrderBreaks(events);
    expect(breaks.map((b) => [b.entry.seq, b.previous.seq])).to.deep.equal([
      [2, 1],
      [3, 2],
    ]);
  });

  it('an entry missing between two: the one after the gap', () => {
    const events = trail([
      ['', 'v1'],
      ['v2', 'v3'],
    ]);
    expect(subjectOrderBreaks(events).map((b) => b.entry.seq)).to.deep.equal([2]);
  });

  describe('the intents a writer appends before its own entry', () => {
    it('the writes from the last logged state to the one it read, oldest first, passing over writes that lost', () => {
      const open = [intent('c', 'v3', 'v4'), intent('lost', 'v2', 'v3-lost'), intent('a', 'v1', 'v2'), intent('b', 'v2', 'v3')];
      expect(intentsBetween(open, 'v1', 'v3')?.map((i) => i.writeId)).to.deep.equal(['a', 'b']);
    });

    it('nothing when the trail already ends where the write began', () => {
      expect(intentsBetween([intent('a', 'v1', 'v2')], 'v2', 'v2')).to.deep.equal([]);
    });

    it('null when the open intents do not lead there (a writer still at work, its record not as announced)', () => {
      expect(intentsBetween([intent('b', 'v2', 'v3')], 'v1', 'v3')).to.equal(null);
      expect(intentsBetween([], 'v1', 'v2')).to.equal(null);
    });

    it('a cycle of intents does not loop', () => {
      expect(intentsBetween([intent('x', 'v3', 'v2'), intent('y', 'v2', 'v3')], 'v1', 'v3')).to.equal(null);
    });
  });
});
