import { expect } from 'chai';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../src/adapters/mongo/ferretdb.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { fromRoot } from '../support/paths.js';

/** The README's curl walk through the cycle, run as written against a real server (npm start's server.js). */
describe('the README walkthrough of the service', function () {
  this.timeout(120_000);
  let server: ChildProcess;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-readme-'));
    port = await freePort();
    env = { ...process.env, MONGODB_URI: await ferretdbUri(), KAOHE_DB_NAME: `kaohe_readme_${randomBytes(4).toString('hex')}`, PORT: String(port) };
    server = spawn(process.execPath, [fromRoot('dist', 'server.js')], { env, stdio: 'ignore' });
    await waitForPort(port, 30_000);
    const seed = spawnSync(process.execPath, [fromRoot('dist', 'cli', 'main.js'), 'seed', '--env', path.join(dir, 'tokens')], { env, encoding: 'utf8' });
    expect(seed.status, seed.stderr).to.equal(0);
  });

  after(() => {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step of the README with the answers it describes', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const start = readme.indexOf('Then walk the cycle with curl');
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
    expect(block, 'the walkthrough block').to.be.a('string');
    const script = (block as string)
      .replace('source .kaohe-tokens', `source '${path.join(dir, 'tokens')}'`)
      .replace('http://localhost:8080/api', `http://127.0.0.1:${port}/api`)
      .replace(/npx kaohe/g, `'${process.execPath}' '${fromRoot('dist', 'cli', 'main.js')}'`);
    // In a scratch folder: the walkthrough saves the files it downloads where it stands.
    const run = spawnSync('bash', ['-e', '-c', script], { env, encoding: 'utf8', cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const out = run.stdout;
    expect(out).to.include('"status":"ok"');
    expect(out).to.include('"unitName":"兰州市"');
    expect(out).to.include('市州用户只能查看本单位');
    expect(out).to.include('"version":2');
    expect(out).to.include('"code":"stale"');
    expect(out.match(/"runId":"2015-1"/g)?.length).to.be.at.least(3);
    expect(out).not.to.include('"runId":"2015-2"');
    expect(out).to.include('"status":"final"');
    expect(out).to.include('"rank":1');
    expect(out).to.include('200 application/pdf');
    expect(readFileSync(path.join(dir, '通报.pdf')).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(out).to.include('200 text/html');
    expect(readFileSync(path.join(dir, '兰州市评分表.html'), 'utf8')).to.include('兰州市');
    expect(out).to.include('此操作不对当前身份开放（市州）');
    expect(out).to.include('审计核验通过');
    expect(out).to.include('"verdict":"agree"');
    expect(out).to.include('200 application/json');
    expect(JSON.parse(readFileSync(path.join(dir, '2015-1.json'), 'utf8')).notes).to.have.length(1);
    expect(out).to.include('审计包复核通过：2015-1.json');
    expect(out).to.include('第二评估器独立计算 868 个考核要点，全部一致');
  });
});
