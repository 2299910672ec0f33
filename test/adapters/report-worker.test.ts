/**
 * The service's report sets are made in a child process: the files must be byte for byte
 * the ones made in the server's own thread (what `kaohe assess` writes), with the rubric's
 * titles and methods and last year's changes, and a failure in the worker must reach the
 * caller as an error rather than a hang.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fromRoot } from '../support/paths.js';
import { chromiumRenderer } from '../../src/adapters/report-renderer.js';
import { workerReportRenderer } from '../../src/adapters/report-worker/index.js';
import { sourceOf } from '../../src/services/reports/report-source.js';
import { gansuRubric, goldenResults, madeUpPreviousYear } from '../support/html-fixtures.js';

/** A file's bytes (the child sends text files as UTF-8 bytes, the thread as strings): compared as base64. */
const bytes = (content: string | Uint8Array) => Buffer.from(typeof content === 'string' ? Buffer.from(content) : content).toString('base64');
const text = (content: string | Uint8Array) => (typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));

describe('report sets made in a child process', function () {
  this.timeout(120_000);
  const renderer = workerReportRenderer();
  const results = goldenResults();
  const input = { results, rubric: gansuRubric(), previous: madeUpPreviousYear(results) };

  it('When the worker makes the set of the golden results, Then every file is byte for byte the one made in the thread, in the same order', async () => {
    const [inWorker, inThread] = await Promise.all([renderer.set(sourceOf(input)), chromiumRenderer.set(sourceOf(input))]);
    expect(inWorker.files.map((f) => f.name)).to.deep.equal(inThread.files.map((f) => f.name));
    inWorker.files.forEach((f, i) => expect(bytes(f.content), f.name).to.equal(bytes(inThread.files[i]?.content ?? '')));
    expect(inWorker.warnings).to.deep.equal(inThread.warnings);
    // The rubric crossed the thread: the bulletin names checkpoints by their titles and the previous year's changes are there.
    const bulletin = text(inWorker.files.find((f) => f.name.endsWith('.html'))?.content ?? '');
    expect(bulletin).to.include('评分方法').and.include(results.rubric.hash);
  });

  it('When one unit’s scorecard is asked for alone, Then it is byte for byte the set’s page for that unit (only its own chart drawn)', async () => {
    const code = results.units[3]!.code;
    const [alone, inThread] = await Promise.all([renderer.scorecard(input, code), chromiumRenderer.set(sourceOf(input))]);
    expect(alone).to.equal(text(inThread.files.find((f) => f.name === `scorecards/${code}.html`)?.content ?? ''));
    expect(alone).to.include(`单位代码 ${code}`).and.include('data:image/png;base64,');
  });

  it('When the worker prints report.pdf, Then it is a PDF (Chromium started by the child, at its low priority)', async () => {
    const set = await renderer.set(sourceOf({ results }));
    const html = text(set.files.find((f) => f.name === 'report.html')?.content ?? '');
    const pdf = await renderer.pdf(html, results.asOf);
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  it('When two sets are asked for at once, Then each caller gets its own', async () => {
    const [withLastYear, alone] = await Promise.all([renderer.set(sourceOf({ results, previous: input.previous })), renderer.set(sourceOf({ results }))]);
    const bulletin = (set: typeof alone) => text(set.files.find((f) => f.name.endsWith('.html'))?.content ?? '');
    expect(bulletin(withLastYear)).to.include(`${input.previous.year}年度：第`);
    expect(bulletin(alone)).not.to.include(`${input.previous.year}年度：第`);
  });

  it('When the input groups the units by city, Then the grouping crosses to the worker: its ranking.csv is the thread’s, with 所属市州', async () => {
    const groups = { title: '市州', of: Object.fromEntries(results.units.map((u) => [u.code, { code: '620000', name: '甘肃省' }])) };
    const [inWorker, inThread] = await Promise.all([renderer.set(sourceOf({ results, groups })), chromiumRenderer.set(sourceOf({ results, groups }))]);
    const csv = (set: typeof inWorker) => text(set.files.find((f) => f.name === 'ranking.csv')?.content ?? '');
    expect(csv(inWorker)).to.include('所属市州,市州内名次');
    expect(csv(inWorker)).to.equal(csv(inThread));
  });

  it('When the worker cannot make a set, Then the caller gets the error, and the next request is served', async () => {
    // A unit's text that is not JSON: the child fails to parse it.
    const broken = {
      ...sourceOf({ results }),
      results: (async function* () {
        yield ['{"code":'];
      })(),
    };
    let failed: unknown;
    await renderer.set(broken).catch((error: unknown) => (failed = error));
    expect(failed).to.be.instanceOf(Error);
    const again = await renderer.set(sourceOf({ results }));
    expect(again.files.length).to.be.greaterThan(3);
  });

  it('When a program that had a set made ends, Then it exits cleanly, the child with it (a worker thread that drew a chart crashed the program on exit)', () => {
    const script = [
      "import { workerReportRenderer } from './src/adapters/report-worker/index.ts';",
      "import { sourceOf } from './src/services/reports/report-source.ts';",
      "import { goldenResults } from './test/support/html-fixtures.ts';",
      'const set = await workerReportRenderer().set(sourceOf({ results: goldenResults() }));',
      'console.log(set.files.length);',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fromRoot(), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).to.equal(0);
    expect(Number(run.stdout.trim())).to.be.greaterThan(3);
  });
});
