import { expect } from 'chai';
import { described, readJsonFile, runKaohe } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

const COMMANDS = ['assess', 'score', 'explain', 'rubric lint', 'rubric schema'] as const;
const packageVersion = readJsonFile<{ version: string }>(fromRoot('package.json')).version;

describe('kaohe help', () => {
  for (const asked of [['--help'], ['-h'], ['help']]) {
    it(`When a user types "kaohe ${asked.join(' ')}", Then it lists every command and exits 0`, () => {
      const run = runKaohe(asked);
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('用法：kaohe <命令>');
      for (const command of COMMANDS) expect(run.stdout).to.include(`  ${command} `);
      expect(run.stderr).to.equal('');
    });
  }

  it('When a user types "kaohe" alone, Then it shows the same overview but exits non-zero (nothing was done)', () => {
    const run = runKaohe([]);
    expect(run.status).to.not.equal(0);
    for (const command of COMMANDS) expect(run.stdout).to.include(`  ${command} `);
  });

  it('When a user asks for the version, Then it prints the version of package.json', () => {
    const run = runKaohe(['--version']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout.trim()).to.equal(packageVersion);
  });

  for (const command of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      it(`When a user types "kaohe ${command} ${flag}", Then it explains the command's usage and exits 0 without doing anything`, () => {
        const run = runKaohe([...command.split(' '), flag]);
        expect(run.status, described(run)).to.equal(0);
        expect(run.stdout).to.include(`用法：kaohe ${command}`);
        expect(run.stderr).to.equal('');
      });
    }
  }

  it('When --help comes after other options, Then it still only prints help (assess writes nothing)', () => {
    const run = runKaohe(['assess', '--out', '/nonexistent/should-not-be-created', '--help']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('用法：kaohe assess');
    expect(run.stdout).to.not.include('已写出');
  });

  it('When a user types a command that does not exist, Then it says so, points to --help and exits non-zero', () => {
    const run = runKaohe(['asses']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('asses');
    expect(run.stderr).to.include('kaohe --help');
    expect(run.stdout).to.equal('');
  });

  it('When a user types only the group word "rubric", Then it names the sub-commands it has', () => {
    const run = runKaohe(['rubric']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('rubric lint');
    expect(run.stderr).to.include('rubric schema');
  });
});
