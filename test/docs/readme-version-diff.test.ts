import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { builtCli, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

const HEADING = '### gansu-2015 1.0.0 and 1.1.0 compared';

/** The README section's commands (```sh) and the excerpt of their output (the next ``` block). */
function section(): { commands: string; excerpt: string[] } {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const start = readme.indexOf(HEADING);
  expect(start, HEADING).to.be.at.least(0);
  const text = readme.slice(start, readme.indexOf('\n## ', start));
  const blocks = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  const commands = blocks.find((b) => b[1] === 'sh')?.[2];
  const excerpt = blocks.find((b) => b[1] === '')?.[2];
  expect(commands, 'the commands block').to.be.a('string');
  expect(excerpt, 'the excerpt block').to.be.a('string');
  return { commands: commands as string, excerpt: (excerpt as string).replace(/\n$/, '').split('\n') };
}

describe("the README's comparison of gansu-2015 1.0.0 and 1.1.0 with kaohe audit diff", function () {
  this.timeout(120_000);
  const tempDir = useTempDirs();

  it('runs as written from a fresh folder, and every line of its excerpt is in the output, in that order', () => {
    const { commands, excerpt } = section();
    const script = commands.replace(/npx kaohe/g, `'${process.execPath}' '${builtCli}'`);
    // The diff's exit code is 1 when the bundles differ, as the README says; bash -e would stop on it.
    const lines = script.trim().split('\n');
    const last = lines.pop() as string;
    // A fresh folder standing for the repository's root, so that the reports/ it writes are the test's own.
    const cwd = tempDir('readme');
    symlinkSync(fromRoot('rubrics'), path.join(cwd, 'rubrics'));
    const env = { ...process.env, NODE_OPTIONS: '' };
    const setup = spawnSync('bash', ['-e', '-c', lines.join('\n')], { cwd, env, encoding: 'utf8' });
    expect(setup.status, setup.stderr).to.equal(0);
    const diff = spawnSync('bash', ['-c', last], { cwd, env, encoding: 'utf8' });
    expect(diff.status, diff.stderr).to.equal(1);
    expect(readFileSync(path.join(cwd, 'reports', '2015', 'results.json'), 'utf8')).to.include('"version": "1.1.0"');

    const output = diff.stdout.split('\n');
    let at = 0;
    for (const line of excerpt) {
      if (line.trim() === '…') continue;
      const found = output.indexOf(line, at);
      expect(found, `README line not in the output after line ${at}: ${JSON.stringify(line)}`).to.be.at.least(0);
      at = found + 1;
    }
  });

  it('names every unit whose rank moved with a line saying who passed it or whom it passed', () => {
    const { excerpt } = section();
    const table = excerpt.filter((l) => /^\S+（\d{6}）\s+[\d.]+ → /.test(l));
    expect(table).to.have.length(14);
    const moved = table.filter((l) => / \d+ → \d+ {2,}/.test(l)).map((l) => l.split(/\s+/)[0] as string);
    expect(moved).to.have.length(7);
    const explained = excerpt.filter((l) => /^ {2}名次 \d+ → \d+（总分 [+−]/.test(l));
    expect(explained.length, 'the README shows at least two of them').to.be.at.least(2);
  });
});
