import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { contentHash } from '../../src/core/index.js';
import { workerRubricChecker } from '../../src/adapters/rubric-check/index.js';
import { fromRoot } from '../support/paths.js';

const nationalText = readFileSync(fromRoot('rubrics', 'national-example.json'), 'utf8');

describe('rubric check in a worker thread', () => {
  it('from the TypeScript sources (under tsx), a good rubric passes with what its record needs', async () => {
    const outcome = await workerRubricChecker()(nationalText);
    expect(outcome).to.deep.equal({
      ok: true,
      rubric: {
        hash: contentHash(JSON.parse(nationalText)),
        id: 'national-example',
        version: JSON.parse(nationalText).version,
        year: 2015,
        title: JSON.parse(nationalText).title,
      },
    });
  });

  it('a bad rubric comes back with its problems and paths', async () => {
    const doc = JSON.parse(nationalText);
    doc.total = 99;
    const outcome = await workerRubricChecker()(JSON.stringify(doc));
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? [] : outcome.problems.map((p) => p.path)).to.include('$.total');
  });

  it('a check over its time limit is stopped and refused in Chinese', async () => {
    const started = performance.now();
    const outcome = await workerRubricChecker({ timeoutMs: 1 })(nationalText);
    expect(performance.now() - started).to.be.below(5000);
    expect(outcome.ok).to.equal(false);
    const [problem] = outcome.ok ? [] : outcome.problems;
    expect(problem).to.include({ code: 'logic_too_costly', path: '$' });
    expect(problem?.message).to.include('已停止');
  });

  it('from the compiled code in dist/ (as npm start runs it), the worker file is found and the check passes', () => {
    const script = `import(${JSON.stringify(pathToFileURL(fromRoot('dist', 'adapters', 'rubric-check', 'index.js')).href)})
      .then(({ workerRubricChecker }) => workerRubricChecker()(require('node:fs').readFileSync(${JSON.stringify(fromRoot('rubrics', 'national-example.json'))}, 'utf8')))
      .then((outcome) => console.log(JSON.stringify(outcome)))`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({ ok: true });
  });
});
