/**
 * Every awkward string we could think of, written through every write endpoint that
 * stores text: a string that is not well-formed text (a lone surrogate, NUL, another
 * control character) is refused with 400 naming the field, and nothing is stored; any
 * other (U+FFFD, U+202E, combining marks, 4-byte emoji, an extension-B character, a
 * joined emoji) is stored and read back exactly as sent. Afterwards `audit verify`
 * passes: what the trail hashed is what the database holds.
 */
import { expect } from 'chai';
import { verify } from '../../src/services/audit/audit.js';
import { GANSU_HASH, createGansuCycle, gansuRubric } from '../support/cycle-fixtures.js';
import { type HttpReply, type TestService, startService } from '../support/service.js';

/** Refused: not text a person wrote, and a database could store it other than as sent. */
const ILL_FORMED: Record<string, string> = {
  'a lone high surrogate': 'x\ud800y',
  'a lone low surrogate': '\udc00',
  'surrogates in the wrong order': '\udc00\ud800',
  NUL: 'a\u0000b',
  'a C0 control character': 'bell\u0007',
  DEL: 'del\u007f',
};

/** Stored as sent. */
const AWKWARD: Record<string, string> = {
  'U+FFFD': 'replacement \ufffd char',
  'U+202E (right-to-left override)': 'abc\u202edef',
  'combining marks': 'e\u0301 a\u0308\u0323 \u0915\u094d\u0937',
  '4-byte emoji': '👍🏽 达标',
  'an extension-B character': '𠀀𪚥',
  'a joined emoji family': '👨\u200d👩\u200d👧',
  'tab, newline and CR': 'a\tb\nc\r\nd',
};

/**
 * Percent-encoding as a careless client does it: a lone surrogate becomes its three
 * bytes as if it were a character (CESU-8), which is not UTF-8 (encodeURIComponent would throw).
 */
function percentEncoded(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      if (code < 0xd800 || code > 0xdfff) return encodeURIComponent(c);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');
}

function expectTextRefused(reply: HttpReply, path: string, context: string): void {
  expect(reply.status, `${context}: ${reply.text}`).to.equal(400);
  expect(reply.body.code, `${context}: ${reply.text}`).to.equal('text_invalid');
  expect(
    (reply.body.errors as { path: string }[]).map((e) => e.path),
    context,
  ).to.include(path);
}

describe('awkward text through every write endpoint, then audit verify (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  const cycle = '/api/cycles/2015';

  before(async () => {
    service = await startService({ now: '2016-01-15T09:00:00.000Z' });
    await createGansuCycle(service);
  });
  after(async () => {
    await service.close();
  });

  const draft = async () => {
    const reply = await service.request('GET', `${cycle}/submissions/620100`, { user: service.users.city });
    return reply.body.version as number;
  };

  describe('refused where it is sent, naming the field; nothing stored', () => {
    for (const [name, text] of Object.entries(ILL_FORMED)) {
      it(`${name}: a draft's note, a review's finding and justification, a note's reason, a reopen reason, a rubric's title, a file name`, async () => {
        const before = (await service.stores.audit.all()).length;
        const version = await draft();
        expectTextRefused(
          await service.request('PUT', `${cycle}/submissions/620100`, {
            user: service.users.city,
            body: { items: { 'G10.1': { note: text } } },
            headers: version === 0 ? {} : { 'if-match': `"${version}"` },
          }),
          '$.body.items["G10.1"].note',
          name,
        );
        expectTextRefused(
          await service.request('PUT', `${cycle}/reviews/620200`, { user: service.users.examiner, body: { items: { 'G04.2': { finding: text } } } }),
          '$.body.items["G04.2"].finding',
          name,
        );
        expectTextRefused(
          await service.request('PUT', `${cycle}/reviews/620200`, {
            user: service.users.examiner,
            body: { items: { 'G12.1': { adjustment: { score: 1, justification: text } } } },
          }),
          '$.body.items["G12.1"].adjustment.justification',
          name,
        );
        expectTextRefused(
          await service.request('POST', `${cycle}/units/620100/notes`, { user: service.users.auditor, body: { verdict: 'agree', reason: text } }),
          '$.body.reason',
          name,
        );
        expectTextRefused(
          await service.request('POST', `${cycle}/submissions/620100/reopen`, { user: service.users.examiner, body: { reason: text } }),
          '$.body.reason',
          name,
        );
        expectTextRefused(
          await service.request('POST', '/api/rubrics', { user: service.users.examiner, body: { ...gansuRubric(), version: '7.0.0', title: text } }),
          '$.body.title',
          name,
        );
        const upload = await service.request('POST', `${cycle}/submissions/620100/materials`, {
          user: service.users.city,
          raw: new TextEncoder().encode('%PDF-1.4'),
          headers: { 'content-type': 'application/pdf', 'x-filename': percentEncoded(`${text}.pdf`) },
        });
        expect(upload.status, `${name}: ${upload.text}`).to.equal(400);
        expect(
          (upload.body.errors as { path: string }[]).map((e) => e.path),
          name,
        ).to.include('$.headers["x-filename"]');
        expect((await service.stores.audit.all()).length, `${name}: nothing was logged`).to.equal(before);
      });
    }
  });

  describe('stored and read back exactly as sent', () => {
    for (const [name, text] of Object.entries(AWKWARD)) {
      it(`${name}: through drafts, reviews, notes, reopenings, rubrics and file names`, async () => {
        const version = await draft();
        const saved = await service.request('PUT', `${cycle}/submissions/620100`, {
          user: service.users.city,
          body: { items: { 'G10.1': { values: { supervisionCoverage: 99 }, note: text } } },
          headers: version === 0 ? {} : { 'if-match': `"${version}"` },
        });
        expect(saved.status, saved.text).to.be.oneOf([200, 201]);
        expect((await service.request('GET', `${cycle}/submissions/620100`, { user: service.users.city })).body.items['G10.1'].note).to.equal(text);

        const upload = await service.request('POST', `${cycle}/submissions/620100/materials`, {
          user: service.users.city,
          raw: new TextEncoder().encode('%PDF-1.4 awkward'),
          headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent(`材料 ${text.replace(/[\t\r\n\u202e]/g, '')}.pdf`) },
        });
        expect(upload.status, upload.text).to.equal(201);

        const reviewRead = await service.request('GET', `${cycle}/reviews/620200`, { user: service.users.examiner });
        const reviewVersion = reviewRead.status === 404 ? undefined : (reviewRead.body.version as number);
        const review = await service.request('PUT', `${cycle}/reviews/620200`, {
          user: service.users.examiner,
          body: { items: { 'G04.2': { finding: text }, 'G12.1': { adjustment: { score: 1, justification: text } } } },
          headers: reviewVersion === undefined ? {} : { 'if-match': `"${reviewVersion}"` },
        });
        expect(review.status, review.text).to.be.oneOf([200, 201]);
        const reviewBack = (await service.request('GET', `${cycle}/reviews/620200`, { user: service.users.examiner })).body;
        expect(reviewBack.items['G04.2'].finding).to.equal(text);
        expect(reviewBack.items['G12.1'].adjustment.justification).to.equal(text);

        const note = await service.request('POST', `${cycle}/units/620100/notes`, {
          user: service.users.auditor,
          body: { verdict: 'disagree', reason: `理由：${text}` },
        });
        expect(note.status, note.text).to.equal(201);
        const notes = (await service.request('GET', `${cycle}/notes?unit=620100`, { user: service.users.auditor })).body as { id: string; reason: string }[];
        expect(notes.find((n) => n.id === note.body.id)?.reason).to.equal(`理由：${text}`.trim());

        const rubric = await service.request('POST', '/api/rubrics', {
          user: service.users.examiner,
          body: { ...gansuRubric(), version: `8.0.${Object.keys(AWKWARD).indexOf(name)}`, title: `甘肃 ${text}` },
        });
        expect(rubric.status, rubric.text).to.equal(201);
        const published = await service.request('POST', `/api/rubrics/${String(rubric.body.hash).slice(7)}/publish`, {
          user: service.users.examiner,
          headers: { 'if-match': '"1"' },
        });
        expect(published.status, published.text).to.equal(200);
        const stored = await service.request('GET', `/api/rubrics/${String(rubric.body.hash).slice(7)}`, { user: service.users.examiner });
        expect(stored.body.document.title).to.equal(`甘肃 ${text}`);
        expect(stored.body.title).to.equal(`甘肃 ${text}`);
      });
    }

    it('a submitted draft is reopened with an awkward reason, and the reason reads back', async () => {
      const version = await draft();
      const submitted = await service.request('POST', `${cycle}/submissions/620100/submit`, {
        user: service.users.city,
        headers: { 'if-match': `"${version}"` },
      });
      expect(submitted.status, submitted.text).to.equal(200);
      const reason = Object.values(AWKWARD).join(' | ');
      const reopened = await service.request('POST', `${cycle}/submissions/620100/reopen`, { user: service.users.examiner, body: { reason } });
      expect(reopened.status, reopened.text).to.equal(200);
      expect((await service.stores.submissions.get({ year: 2015 }, '620100'))?.reopenings.at(-1)?.reason).to.equal(reason.trim());
    });
  });

  describe('afterwards', () => {
    it('kaohe audit verify passes: every entry hashed what the database holds', async () => {
      const runs = await service.request('POST', `${cycle}/runs`, { user: service.users.examiner });
      expect(runs.status, runs.text).to.equal(201);
      const report = await verify(service.stores, service.clock);
      expect(report.ok, JSON.stringify(report.problem)).to.equal(true);
      expect(report.records).to.be.greaterThan(10);
      expect(GANSU_HASH).to.be.a('string');
    });
  });
});
