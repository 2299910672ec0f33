import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../../src/core/index.js';
import { described, runKaohe, seedEvidenceDir, seedRubric, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';
import { type RubricJson, findCheckpoint, readRubricJson } from '../support/rubric-json.js';

const nationalRubric = fromRoot('rubrics', 'national-example.json');

/** The problems `kaohe rubric lint` lists for one file, as [path, code] pairs. */
function problemsListed(stdout: string, file: string): { path: string; code: string; line: string }[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.includes(file));
  const problems: { path: string; code: string; line: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}(\$\S*): .* \[(\w+)\]$/.exec(line);
    if (!m) break;
    problems.push({ path: m[1] as string, code: m[2] as string, line });
  }
  return problems;
}

describe('kaohe rubric lint', () => {
  const tempDir = useTempDirs();

  /** Writes an edited copy of a rubric into a fresh folder and returns its path. */
  function brokenCopy(source: string, edit: (rubric: RubricJson) => void, name = 'rubric.json'): string {
    const copy = readRubricJson(source);
    edit(copy);
    const file = path.join(tempDir('lint'), name);
    writeFileSync(file, `${JSON.stringify(copy, null, 2)}\n`);
    return file;
  }

  for (const [name, file] of [
    ['the Gansu 2015 rubric', seedRubric],
    ['the national A–D example', nationalRubric],
  ] as const) {
    it(`When a user lints ${name}, Then it passes, shows its content hash and exits 0`, () => {
      const run = runKaohe(['rubric', 'lint', file]);
      expect(run.status, described(run)).to.equal(0);
      expect(run.stdout).to.include('✓');
      expect(run.stdout).to.include(contentHash(readRubricJson(file)));
      expect(run.stdout).to.not.include('✗');
    });
  }

  it('When a user lints both rubrics at once, Then both pass and it exits 0', () => {
    const run = runKaohe(['rubric', 'lint', seedRubric, nationalRubric]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout.match(/✓/g)).to.have.length(2);
  });

  it('When a copy has several structural problems, Then it exits 1 and lists each one with its JSON path', () => {
    const source = readRubricJson(seedRubric);
    const g012 = findCheckpoint(source, 'G01.2').path;
    const g121 = findCheckpoint(source, 'G12.1').path;
    const g101 = findCheckpoint(source, 'G10.1').path;
    const g102 = findCheckpoint(source, 'G10.2').path;
    const file = brokenCopy(seedRubric, (r) => {
      findCheckpoint(r, 'G01.2').checkpoint.code = 'G01.1';
      (r.sections[0] as { points: number }).points = 21;
      findCheckpoint(r, 'G12.1').checkpoint.rule = { '*': [2.5, { var: 'newPlatform' }] };
      findCheckpoint(r, 'G10.1').checkpoint.rule = { var: 'constructor.name' };
      findCheckpoint(r, 'G10.2').checkpoint.rule = { method: [{ var: 'firstAcceptanceRate' }, 'toString'] };
    });
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.include('✗');
    const listed = problemsListed(run.stdout, file).map(({ path, code }) => ({ path, code }));
    expect(listed).to.deep.include.members([
      { path: `${g012}.code`, code: 'rubric_duplicate_code' },
      { path: '$.sections[0].points', code: 'rubric_points_mismatch' },
      { path: '$.total', code: 'rubric_points_mismatch' },
      { path: `${g121}.rule["*"][1].var`, code: 'rubric_unknown_field' },
      { path: `${g101}.rule.var`, code: 'logic_unsafe_path' },
      { path: `${g102}.rule.method`, code: 'logic_forbidden_operator' },
    ]);
    expect(run.stdout).to.include(`${listed.length} 个问题`);
  });

  it('When a copy has rules that can score below 0 or above the points, Then it names each rule and the evidence that shows it', () => {
    const source = readRubricJson(seedRubric);
    const g101 = findCheckpoint(source, 'G10.1').path;
    const g102 = findCheckpoint(source, 'G10.2').path;
    const file = brokenCopy(seedRubric, (r) => {
      // The floor at zero removed: "每低1个百分点扣0.5分" without "扣完为止".
      findCheckpoint(r, 'G10.1').checkpoint.rule = { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'supervisionCoverage' }] }] }] };
      // A rate taken as points: 100% would earn 50 points on a 2.5-point checkpoint.
      findCheckpoint(r, 'G10.2').checkpoint.rule = { '*': [0.5, { var: 'firstAcceptanceRate' }] };
    });
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    const listed = problemsListed(run.stdout, file);
    expect(listed.map(({ path, code }) => ({ path, code }))).to.deep.equal([
      { path: `${g101}.rule`, code: 'rubric_rule_range' },
      { path: `${g102}.rule`, code: 'rubric_rule_range' },
    ]);
    expect(listed[0]?.line).to.include('supervisionCoverage');
    expect(listed[1]?.line).to.include('firstAcceptanceRate');
  });

  it('When a copy breaks the format (a missing title, points as text), Then each problem is listed at its path', () => {
    const file = brokenCopy(nationalRubric, (r) => {
      delete (r as Partial<RubricJson>).title;
      (findCheckpoint(r, 'N1.1.1').checkpoint as { points: unknown }).points = '10';
    });
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    const paths = problemsListed(run.stdout, file).map((p) => p.path);
    expect(paths).to.include.members(['$.title', '$.sections[0].indicators[0].checkpoints[0].points']);
  });

  it('When a copy of the national example puts grade B above grade A, Then the grade bands are refused at their path', () => {
    const file = brokenCopy(nationalRubric, (r) => {
      (r.result.grades[1] as { min: number }).min = 95;
    });
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(problemsListed(run.stdout, file).map((p) => p.path)).to.include('$.result.grades[1].min');
  });

  it('When a file is not JSON or does not exist, Then each is reported at $ and it exits 1', () => {
    const dir = tempDir('lint');
    const notJson = path.join(dir, 'draft.json');
    writeFileSync(notJson, '{ "kaohe": "rubric/v1", ');
    const absent = path.join(dir, 'absent.json');
    const run = runKaohe(['rubric', 'lint', notJson, absent]);
    expect(run.status, described(run)).to.equal(1);
    expect(problemsListed(run.stdout, notJson).map((p) => p.path)).to.deep.equal(['$']);
    expect(problemsListed(run.stdout, absent).map((p) => p.path)).to.deep.equal(['$']);
  });

  it('When good and broken files are linted together, Then the good one still passes but the exit code is 1', () => {
    const broken = brokenCopy(nationalRubric, (r) => {
      r.total = 99;
    });
    const run = runKaohe(['rubric', 'lint', nationalRubric, broken]);
    expect(run.status, described(run)).to.equal(1);
    expect(run.stdout).to.match(/✓ .*national-example\.json/);
    expect(problemsListed(run.stdout, broken).map((p) => p.path)).to.include('$.total');
  });

  /** A copy of the national example with its first checkpoint's rule written as raw JSON text (too deep for JSON.stringify to write). */
  function copyWithRuleText(ruleText: string, name: string): string {
    const copy = readRubricJson(nationalRubric);
    (findCheckpoint(copy, 'N1.1.1').checkpoint as { rule: unknown }).rule = '@RULE@';
    const file = path.join(tempDir('lint'), name);
    writeFileSync(
      file,
      JSON.stringify(copy).replace('"@RULE@"', () => ruleText),
    );
    return file;
  }

  for (const levels of [800, 100_000]) {
    it(`When a rule is ${levels} levels deep, Then it is refused at the rule's path as too deep, with no stack trace, and exits 1`, () => {
      const rulePath = findCheckpoint(readRubricJson(nationalRubric), 'N1.1.1').path;
      const file = copyWithRuleText(`${'{"!":'.repeat(levels)}true${'}'.repeat(levels)}`, `deep-${levels}.json`);
      const run = runKaohe(['rubric', 'lint', file]);
      expect(run.status, described(run)).to.equal(1);
      expect(problemsListed(run.stdout, file).map(({ path, code }) => ({ path, code }))).to.deep.equal([{ path: `${rulePath}.rule`, code: 'logic_too_deep' }]);
      expect(run.stderr).to.not.match(/RangeError|\n\s+at /);
      expect(run.stdout.length).to.be.below(1000);
    });
  }

  it('When a rule is a 10 MB value, Then lint ends quickly and quotes at most a short excerpt of it', () => {
    const file = copyWithRuleText(JSON.stringify('条'.repeat((10 * 1024 * 1024) / 3)), 'big-rule.json');
    const started = Date.now();
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(Date.now() - started).to.be.below(15_000);
    expect(problemsListed(run.stdout, file).map((p) => p.code)).to.deep.equal(['rule_not_a_number']);
    expect(run.stdout).to.include('已截断');
    expect(run.stdout.length).to.be.below(1000);
    expect(run.stderr).to.equal('');
  });

  it('When a rule nests four reduces over 60-element arrays, Then it is refused before it runs, naming its path and the estimated and allowed steps', () => {
    const rulePath = findCheckpoint(readRubricJson(nationalRubric), 'N1.1.1').path;
    const sixty = JSON.stringify(Array.from({ length: 60 }, (_, i) => i));
    let rule = `{"reduce":[${sixty},{"+":[{"var":"accumulator"},{"var":"current"}]},0]}`;
    for (let k = 0; k < 3; k++) rule = `{"reduce":[${sixty},{"+":[{"var":"accumulator"},${rule}]},0]}`;
    const file = copyWithRuleText(rule, 'heavy.json');
    const started = Date.now();
    const run = runKaohe(['rubric', 'lint', file]);
    expect(run.status, described(run)).to.equal(1);
    expect(Date.now() - started).to.be.below(10_000);
    const [listed] = problemsListed(run.stdout, file);
    expect(listed).to.include({ path: `${rulePath}.rule`, code: 'logic_too_costly' });
    expect(listed?.line)
      .to.match(/约 [\d,]+ 步/)
      .and.to.include('10,000 步');
  });

  it('When no file is given, Then it asks for one and exits non-zero', () => {
    const run = runKaohe(['rubric', 'lint']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('kaohe rubric lint');
  });
  it('When a user lints with the evidence, Then it warns of the checkpoints no unit differs on, without failing', () => {
    const run = runKaohe(['rubric', 'lint', seedRubric, '--evidence', seedEvidenceDir]);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('⚠ 提示：在 14 个单位的证据上，6 个考核要点各单位得分相同，不能区分单位：\n    G10.2 新开工大中型工程项目一次验收合格率\n');
    const unreadable = runKaohe(['rubric', 'lint', seedRubric, '--evidence', path.join(tempDir('lint'), 'none')]);
    expect(unreadable.status).to.equal(1);
    expect(unreadable.stderr).to.include('证据目录不存在或无法读取');
  });
});
