/**
 * The report endpoints as their readers use them: an examiner downloads the bulletin,
 * its PDF, the workbook, the ranking CSV and the charts of a run; a city reads the
 * public edition and its own scorecard once the run is final. Each file is opened the
 * way the reader's tools would and checked against the run's results. Real FerretDB,
 * real HTTP, real renderers (the PDF is printed once).
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ChromiumMissingError } from '../../src/adapters/pdf/index.js';
import { createApp } from '../../src/api/app.js';
import { type ResultsV1, sha256 } from '../../src/core/index.js';
import { promiseCache } from '../../src/services/reports/report-cache.js';
import { type ReportRenderer, reportService } from '../../src/services/reports/reports.js';
import { bodyRows, elementById, headerCells, textOf } from '../support/html-read.js';
import { MAX_UPLOAD_BYTES, type TestService, type TestUser, startService } from '../support/service.js';
import { YEAR, gansuRubric, openCycle, submitSeedWithReview } from './review-run-support.js';

const UNITS = ['620100', '620200', '620300', '620400', '620500', '620600', '620700', '620800', '620900', '621000', '621100', '621200', '622900', '623000'];
const RUN = '2015-1';
const base = (year = YEAR, run = RUN) => `/api/cycles/${year}/runs/${run}`;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Download {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  /** The error body, when the answer is JSON. */
  readonly error?: { code: string; message: string };
}

async function download(url: string, path: string, user?: TestUser): Promise<Download> {
  const res = await fetch(`${url}${path}`, { headers: user ? { authorization: `Bearer ${user.token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, headers: res.headers, bytes, ...(json ? { error: JSON.parse(bytes.toString('utf8')) } : {}) };
}

/** The file name a browser saves under: the RFC 5987 filename* of Content-Disposition, decoded. */
function savedAs(d: Download): { disposition: string; name: string } {
  const header = d.headers.get('content-disposition') ?? '';
  const m = /^(inline|attachment); filename\*=UTF-8''(.+)$/.exec(header);
  if (!m) throw new Error(`no RFC 5987 file name in "${header}"`);
  return { disposition: m[1] as string, name: decodeURIComponent(m[2] as string) };
}

/** Page objects in a PDF's page tree (Chromium writes them uncompressed). */
function pdfPageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type\s*\/Page(?![a-z])/g)].length;
}

/** A finalised run of `year` whose results are `results`, stored as the run service stores one. */
async function storeFinalRun(service: TestService, runId: string, results: ResultsV1): Promise<void> {
  const text = JSON.stringify(results);
  const [year, seq] = runId.split('-').map(Number) as [number, number];
  const at = service.clock.now().toISOString();
  const inserted = await service.stores.runs.insert({
    runId,
    year,
    seq,
    status: 'final',
    rubricHash: results.rubric.hash,
    engineVersion: 'test',
    inputs: '[]',
    inputsHash: sha256('[]'),
    results: text,
    resultsHash: sha256(text),
    createdBy: 'examiner',
    createdAt: at,
    finalizedAt: at,
    finalizedBy: 'examiner',
  });
  if (!inserted) throw new Error(`run ${runId} exists already`);
}

/** Last year as a mirror of this one: the same units ranked the other way round, each a point lower. */
function mirroredYear(results: ResultsV1, year: number): ResultsV1 {
  const n = results.units.length;
  return { ...results, year, units: results.units.map((u) => ({ ...u, rank: n + 1 - u.rank, total: Math.max(0, u.total - 1) })) };
}

describe('reports of a run: bulletin, PDF, workbook, CSV, charts, scorecards (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  let results: ResultsV1;
  const get = (path: string, user?: TestUser) => download(service.url, path, user);

  before(async () => {
    service = await startService();
    await openCycle(service);
    const rubric = gansuRubric();
    for (const code of UNITS) await submitSeedWithReview(service, code, rubric);
    const run = await service.request('POST', `/api/cycles/${YEAR}/runs`, { user: service.users.examiner });
    expect(run.status, run.text).to.equal(201);
    expect(run.body.runId).to.equal(RUN);
    results = (await service.request('GET', base(), { user: service.users.examiner })).body;
  });
  after(async () => {
    await service.close();
  });

  describe('a draft run', () => {
    it('an examiner reads the internal bulletin, marked as a draft in its masthead and its file name', async () => {
      const reply = await get(`${base()}/report.html`, service.users.examiner);
      expect(reply.status, reply.bytes.toString()).to.equal(200);
      expect(textOf(reply.bytes.toString('utf8'))).to.include(`草稿（评分 ${RUN} 尚未定稿，仅供核对）`);
      expect(savedAs(reply)).to.deep.equal({ disposition: 'inline', name: `${YEAR}年度质量工作考核通报（草稿 ${RUN}）.html` });
    });

    it('a city reads nothing of a draft: neither the public edition nor its own scorecard (403)', async () => {
      for (const path of ['report-public.html', 'scorecards/620100.html', 'report.html']) {
        const reply = await get(`${base()}/${path}`, service.users.city);
        expect(reply.status, path).to.equal(403);
        expect(reply.error?.code, path).to.equal('forbidden');
      }
    });
  });

  describe('a finalised run, with last year’s finalised run', () => {
    before(async () => {
      const finalised = await service.request('POST', `${base()}/finalize`, { user: service.users.examiner, headers: { 'if-match': '"1"' } });
      expect(finalised.status, finalised.text).to.equal(200);
      await storeFinalRun(service, '2014-1', mirroredYear(results, YEAR - 1));
    });

    it('report.html: every unit in the ranked table with the rank, total (2 decimals) and grade of the results, and last year’s changes', async () => {
      const reply = await get(`${base()}/report.html`, service.users.examiner);
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(reply.headers.get('content-security-policy')).to.include("default-src 'none'");
      expect(savedAs(reply)).to.deep.equal({ disposition: 'inline', name: `${YEAR}年度质量工作考核通报.html` });
      const html = reply.bytes.toString('utf8');
      expect(html).not.to.include('草稿');
      const ranking = elementById(html, 'ranking');
      const rows = bodyRows(ranking);
      expect(rows).to.have.length(UNITS.length);
      results.units.forEach((u, i) => {
        expect(rows[i]?.slice(0, 4), u.name).to.deep.equal([String(u.rank), u.name, u.total.toFixed(2), u.grade]);
      });
      expect(headerCells(ranking)).to.include.members(['名次 变化', '得分 变化']);
      expect(textOf(html)).to.include(`${YEAR - 1}年度考核结果（用于名次与得分变化）`);
    });

    it('a second request is served the same bytes (from the cache)', async () => {
      const [one, two] = await Promise.all([get(`${base()}/report.html`, service.users.auditor), get(`${base()}/report.html`, service.users.admin)]);
      const first = await get(`${base()}/report.html`, service.users.examiner);
      expect(one.status).to.equal(200);
      expect(one.bytes.equals(first.bytes)).to.equal(true);
      expect(two.bytes.equals(first.bytes)).to.equal(true);
    });

    it('report.pdf: a PDF with the front pages and a page per unit, saved as 2015年度质量工作考核通报.pdf', async () => {
      const reply = await get(`${base()}/report.pdf`, service.users.examiner);
      expect(reply.status, reply.error?.message).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('application/pdf');
      expect(savedAs(reply).name).to.equal(`${YEAR}年度质量工作考核通报.pdf`);
      expect(reply.bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      expect(pdfPageCount(reply.bytes)).to.be.greaterThan(UNITS.length + 3);
      const again = await get(`${base()}/report.pdf`, service.users.auditor);
      expect(again.bytes.equals(reply.bytes)).to.equal(true);
    });

    it('report.xlsx: a workbook whose 排名 sheet holds all 14 units with their totals, and last year’s changes', async () => {
      const reply = await get(`${base()}/report.xlsx`, service.users.auditor);
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(savedAs(reply)).to.deep.equal({ disposition: 'attachment', name: `${YEAR}年度质量工作考核结果.xlsx` });
      expect(reply.bytes.subarray(0, 2).toString('latin1')).to.equal('PK');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(reply.bytes as unknown as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('排名');
      if (!sheet) throw new Error('no 排名 sheet');
      const cells: unknown[][] = [];
      sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
      const totals = new Map<string, unknown>();
      for (const u of results.units) {
        const row = cells.find((values) => values.includes(u.code));
        totals.set(
          u.code,
          row?.find((v) => v === u.total),
        );
      }
      expect(Object.fromEntries(totals)).to.deep.equal(Object.fromEntries(results.units.map((u) => [u.code, u.total])));
      expect(cells.flat()).to.include.members(['名次变化', '总分变化']);
    });

    it('report.csv: the ranking with a BOM, one row per unit, as GET …/ranking gives it', async () => {
      const reply = await get(`${base()}/report.csv`, service.users.admin);
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      expect(savedAs(reply)).to.deep.equal({ disposition: 'attachment', name: `${YEAR}年度质量工作考核排名.csv` });
      expect([...reply.bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const lines = reply.bytes
        .subarray(3)
        .toString('utf8')
        .split('\r\n')
        .filter((l) => l !== '');
      expect(lines[0]?.startsWith('名次,单位代码,单位名称,总分,结果')).to.equal(true);
      const ranking = (await service.request('GET', `${base()}/ranking`, { user: service.users.admin })).body as {
        rank: number;
        code: string;
        name: string;
        total: number;
        grade: string;
      }[];
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 5))).to.deep.equal(
        ranking.map((r) => [String(r.rank), r.code, r.name, r.total.toFixed(2), r.grade]),
      );
      expect(ranking).to.have.length(UNITS.length);
    });

    it('charts: each a PNG under its own name; an unknown chart is a 404 naming the charts there are', async () => {
      for (const chart of ['chart-ranking.png', 'chart-grades.png', 'chart-movement.png', 'chart-unit-620100.png']) {
        const reply = await get(`${base()}/charts/${chart}`, service.users.examiner);
        expect(reply.status, chart).to.equal(200);
        expect(reply.headers.get('content-type')).to.equal('image/png');
        expect([...reply.bytes.subarray(0, 8)], chart).to.deep.equal(PNG_SIGNATURE);
        expect(savedAs(reply).name).to.equal(`${YEAR}年度质量工作考核统计图表-${chart.replace('.png', '')}.png`);
      }
      const unknown = await get(`${base()}/charts/chart-nothing.png`, service.users.examiner);
      expect(unknown.status).to.equal(404);
      expect(unknown.error?.message).to.include('chart-nothing.png').and.to.include('chart-ranking.png').and.to.include('chart-unit-<单位代码>.png');
      const malformed = await get(`${base()}/charts/report.txt`, service.users.examiner);
      expect(malformed.status).to.equal(400);
    });

    it('a city reads the public edition: every unit and its grade, no total', async () => {
      const reply = await get(`${base()}/report-public.html`, service.users.city);
      expect(reply.status).to.equal(200);
      expect(savedAs(reply).name).to.equal(`${YEAR}年度质量工作考核通报（公开版）.html`);
      const text = textOf(reply.bytes.toString('utf8'));
      for (const u of results.units) {
        expect(text).to.include(u.name);
        expect(text, u.name).not.to.include(u.total.toFixed(2));
      }
    });

    it('a city reads its own scorecard (its total and rank), and gets 403 for another unit’s and for every internal file', async () => {
      const lanzhou = results.units.find((u) => u.code === '620100');
      if (!lanzhou) throw new Error('no 620100');
      const own = await get(`${base()}/scorecards/620100.html`, service.users.city);
      expect(own.status).to.equal(200);
      expect(savedAs(own).name).to.equal(`兰州市${YEAR}年度质量工作考核评分表.html`);
      const text = textOf(own.bytes.toString('utf8'));
      expect(text).to.include('兰州市').and.to.include(lanzhou.total.toFixed(2));
      expect((await get(`${base()}/scorecards/620200.html`, service.users.city)).status).to.equal(403);
      expect((await get(`${base()}/scorecards/620100.html`, service.users.otherCity)).status).to.equal(403);
      for (const path of ['report.html', 'report.pdf', 'report.xlsx', 'report.csv', 'charts/chart-ranking.png']) {
        const reply = await get(`${base()}/${path}`, service.users.city);
        expect(reply.status, path).to.equal(403);
        expect(reply.error?.message, path).to.match(/[\u4e00-\u9fff]/);
      }
    });

    it('examiners read any unit’s scorecard; a unit not in the run, a run that does not exist or is of another year is a 404; no token is a 401', async () => {
      expect((await get(`${base()}/scorecards/620200.html`, service.users.examiner)).status).to.equal(200);
      const absent = await get(`${base()}/scorecards/629900.html`, service.users.examiner);
      expect(absent.status).to.equal(404);
      expect(absent.error?.message).to.include('629900');
      expect((await get(`${base(YEAR, '2015-9')}/report.html`, service.users.examiner)).status).to.equal(404);
      expect((await get(`${base(YEAR + 1, RUN)}/report.csv`, service.users.examiner)).status).to.equal(404);
      expect((await get(`${base()}/report.html`)).status).to.equal(401);
    });

    it('a newer finalised run of last year makes a new report (the cache is keyed by both years’ results)', async () => {
      const before = await get(`${base()}/report.html`, service.users.examiner);
      await storeFinalRun(service, '2014-2', { ...mirroredYear(results, YEAR - 1), units: results.units.map((u) => ({ ...u })) });
      const after = await get(`${base()}/report.html`, service.users.examiner);
      expect(after.status).to.equal(200);
      expect(after.bytes.equals(before.bytes)).to.equal(false);
      // 2014-2 ranks every unit as this year: no movement left.
      expect(bodyRows(elementById(after.bytes.toString('utf8'), 'ranking')).every((row) => row.includes('—'))).to.equal(true);
    });

    it('/api/openapi.json lists the report routes with their binary content and the PDF’s 503', async () => {
      const doc = (await service.request('GET', '/api/openapi.json')).body;
      const runPath = '/api/cycles/{cycle}/runs/{run}';
      const pdf = doc.paths[`${runPath}/report.pdf`].get;
      expect(pdf.responses['200'].content['application/pdf'].schema).to.deep.equal({ type: 'string', format: 'binary' });
      expect(pdf.responses).to.have.property('503');
      expect(pdf['x-kaohe-roles']).to.deep.equal(['examiner', 'auditor', 'admin']);
      for (const path of ['report.html', 'report-public.html', 'report.xlsx', 'report.csv', 'charts/{chart}', 'scorecards/{unit}.html']) {
        expect(doc.paths[`${runPath}/${path}`]?.get, path).to.be.an('object');
      }
    });
  });

  describe('with a renderer that cannot print (no Chromium) nor draw (no CJK font)', () => {
    let server: Server;
    let url: string;
    let sets = 0;
    let prints = 0;
    const renderer: ReportRenderer = {
      async set(source) {
        sets++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return {
          files: [
            { name: 'report.html', content: `<p>${source.frame.results.year}</p>` },
            { name: 'ranking.csv', content: '\ufeff名次\r\n' },
          ],
          warnings: ['未生成统计图表：找不到中文字体文件 /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'],
        };
      },
      async scorecard() {
        throw new Error('a run of this size has its scorecards in its set');
      },
      async unitChart() {
        throw new Error('a run of this size has its charts in its set');
      },
      async pdf() {
        prints++;
        throw new ChromiumMissingError('/nonexistent/chromium');
      },
    };

    before(async () => {
      const services = { ...service.services, reports: reportService(service.services.deps, renderer) };
      const app = createApp(services, { maxUploadBytes: MAX_UPLOAD_BYTES });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('requests arriving together share one making of the set', async () => {
      const replies = await Promise.all(
        ['report.html', 'report.csv', 'report.html', 'report.csv'].map((f) => download(url, `${base()}/${f}`, service.users.examiner)),
      );
      expect(replies.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
      expect(replies[0]?.bytes.toString('utf8')).to.equal(`<p>${YEAR}</p>`);
      expect(sets).to.equal(1);
    });

    it('report.pdf is a 503 saying to install Chromium, tried again on the next request; the other formats still work', async () => {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const reply = await download(url, `${base()}/report.pdf`, service.users.examiner);
        expect(reply.status).to.equal(503);
        expect(reply.error?.code).to.equal('unavailable');
        expect(reply.error?.message).to.include('Chromium').and.to.include('apt-get install');
        expect(prints).to.equal(attempt);
      }
      expect((await download(url, `${base()}/report.csv`, service.users.examiner)).status).to.equal(200);
      expect(sets).to.equal(1);
    });

    it('a chart is a 503 naming the missing font', async () => {
      const reply = await download(url, `${base()}/charts/chart-ranking.png`, service.users.examiner);
      expect(reply.status).to.equal(503);
      expect(reply.error?.message).to.include('NotoSansCJK');
    });
  });
});

describe('promiseCache: the reports’ bounded cache', () => {
  it('keeps the most recently used, shares a making in progress, and forgets a failure', async () => {
    const cache = promiseCache<string>(2);
    let made = 0;
    const make = (v: string) => async () => {
      made++;
      return v;
    };
    expect(await Promise.all([cache.get('a', make('A')), cache.get('a', make('X'))])).to.deep.equal(['A', 'A']);
    await cache.get('b', make('B'));
    await cache.get('a', make('X')); // a is now the most recent
    await cache.get('c', make('C')); // b goes
    expect(made).to.equal(3);
    expect(await cache.get('a', make('X'))).to.equal('A');
    expect(await cache.get('b', make('B2'))).to.equal('B2');
    expect(cache.size).to.equal(2);
    const failing = cache.get('d', async () => {
      throw new Error('no');
    });
    await failing.catch(() => undefined);
    expect(await cache.get('d', make('D'))).to.equal('D');
  });
});
