/**
 * docs/audit-bundle.md is exact enough to verify a bundle in another language: the
 * Python script it contains is extracted and run with python3 against real bundles
 * (intact: OK; tampered: the part named), and its canonical JSON is compared byte for
 * byte with the core's on values chosen to be awkward.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BundleV1 } from '../../src/audit/index.js';
import { canonicalJson } from '../../src/core/index.js';
import { copy, filesBundle, resealed, serviceBundle } from '../audit/replay-fixtures.js';
import { described, runKaohe, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

type Json = any;

function pythonScript(): string {
  const doc = readFileSync(fromRoot('docs', 'audit-bundle.md'), 'utf8');
  const blocks = [...doc.matchAll(/```python\n([\s\S]*?)```/g)];
  expect(blocks, 'docs/audit-bundle.md has exactly one python block').to.have.length(1);
  return (blocks[0] as RegExpMatchArray)[1] as string;
}

describe('docs/audit-bundle.md: the Python verifier', () => {
  const tempDir = useTempDirs();
  let dir: string;
  let script: string;

  before(() => {
    if (spawnSync('python3', ['--version']).status !== 0) throw new Error('python3 is needed to check the documented verifier (apt-get install python3)');
    dir = tempDir('python-verifier');
    script = path.join(dir, 'verify_bundle.py');
    writeFileSync(script, pythonScript());
  });

  function verify(name: string, bundle: BundleV1 | Json): { status: number | null; stdout: string } {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    const run = spawnSync('python3', [script, file], { encoding: 'utf8' });
    expect(run.stderr, run.stderr).to.equal('');
    return { status: run.status, stdout: run.stdout };
  }

  it('passes the bundle `kaohe assess --bundle` writes', () => {
    const out = path.join(dir, 'assessed');
    const assessed = runKaohe(['assess', '--out', out, '--bundle', '--no-pdf']);
    expect(assessed.status, described(assessed)).to.equal(0);
    const run = spawnSync('python3', [script, path.join(out, 'bundle.json')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).to.equal('OK\n');
    expect(run.status).to.equal(0);
  });

  it('passes an intact bundle made from files', () => {
    expect(verify('files', filesBundle())).to.deep.equal({ status: 0, stdout: 'OK\n' });
  });

  it('passes an intact service bundle, chain and run hashes included', () => {
    expect(verify('service', serviceBundle())).to.deep.equal({ status: 0, stdout: 'OK\n' });
  });

  it('names the evidence part of a unit whose evidence was changed, and the run it no longer matches', () => {
    const t: Json = copy(serviceBundle());
    t.units.find((u: Json) => u.code === '620100').evidence.items['G10.1'].values.supervisionCoverage = 100;
    const run = verify('evidence-changed', t);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.include('units/620100/evidence: hash sha256:');
    expect(run.stdout).to.include('run: inputs hash sha256:');
  });

  it('names a removed audit entry by the seq after it, even with the manifest resealed', () => {
    const t: Json = copy(serviceBundle());
    t.audit.splice(4, 1);
    const run = verify('entry-removed', resealed(t));
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal('audit: entry #6: seq should be 5\naudit: entry #6: prevHash does not match the entry before\n2 problem(s)\n');
  });

  it('names a changed result and a part missing from the manifest', () => {
    const t: Json = copy(filesBundle());
    t.results.units[0].total = 99;
    delete t.manifest.parts.notes;
    const run = verify('results-changed', t);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.include('results: hash sha256:');
    expect(run.stdout).to.include('notes: not in the manifest');
  });

  it('writes canonical JSON byte for byte as the core does, awkward numbers, strings and key orders included', () => {
    const awkward = {
      numbers: [1e21, 1e20, 1e-7, 1.5e-7, 0.000001, -0.000001, -0, 0.1, 0.30000000000000004, 1.005, 89.99999999999999, 5e-324, 1.7976931348623157e308, 123456789012345680000, 4.35, 2.5, 100],
      text: '控制\u0001\t\n"\\/ \u2028 😀 \ud800 \u007f',
      order: { '\ud83d\ude00': 1, '\uffff': 2, '': 3, é: 4, Z: 5, a: 6 },
      nothing: null,
      yes: true,
    };
    const input = path.join(dir, 'awkward.json');
    writeFileSync(input, JSON.stringify(awkward));
    const run = spawnSync('python3', ['-c', 'import json, sys; sys.path.insert(0, sys.argv[1]); import verify_bundle as v; sys.stdout.buffer.write(v.js_json(json.load(open(sys.argv[2], encoding="utf-8")), True).encode("utf-8", "surrogatepass"))', dir, input]);
    expect(run.stderr.toString()).to.equal('');
    expect(run.stdout.toString('utf8')).to.equal(canonicalJson(awkward));
  });
});
