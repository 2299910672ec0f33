import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { seedsAssessed } from '../support/assessed-seeds.js';
import { described, readJsonFile, runKaohe, seedEvidence, seedRubric, useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';

interface JsonSchema {
  $schema: string;
  type: string;
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: boolean;
}

/** What an editor checks first: every key of the document is a known property and every required key is there. */
function expectTopLevelFits(schema: JsonSchema, document: Record<string, unknown>, name: string): void {
  for (const key of Object.keys(document)) expect(schema.properties, `${name}: ${key}`).to.have.property(key);
  for (const key of schema.required) expect(document, `${name} lacks required ${key}`).to.have.property(key);
}

describe('kaohe rubric schema', () => {
  const tempDir = useTempDirs();

  it('When a user runs it without --out, Then it prints the rubric JSON Schema (draft 2020-12) on stdout and exits 0', () => {
    const run = runKaohe(['rubric', 'schema']);
    expect(run.status, described(run)).to.equal(0);
    const schema = JSON.parse(run.stdout) as JsonSchema;
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).to.equal('object');
    expect(schema.additionalProperties).to.equal(false);
  });

  it('When a user checks both rubrics against the printed schema, Then their top-level keys are all known and all required keys are present', () => {
    const schema = JSON.parse(runKaohe(['rubric', 'schema']).stdout) as JsonSchema;
    for (const file of [seedRubric, fromRoot('rubrics', 'national-example.json')]) expectTopLevelFits(schema, readJsonFile(file), path.basename(file));
  });

  it('When a user asks for the files with --out, Then it writes the rubric, evidence, results and bundle schemas there and nothing else', () => {
    const out = tempDir('schema');
    const run = runKaohe(['rubric', 'schema', '--out', out]);
    expect(run.status, described(run)).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal(['bundle.schema.json', 'evidence.schema.json', 'results.schema.json', 'rubric.schema.json']);
    expect(readFileSync(path.join(out, 'rubric.schema.json'), 'utf8')).to.equal(runKaohe(['rubric', 'schema']).stdout);
    const evidence = readJsonFile<JsonSchema>(path.join(out, 'evidence.schema.json'));
    expect(evidence.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expectTopLevelFits(evidence, readJsonFile(seedEvidence('620100')), '620100.json');
    const results = readJsonFile<JsonSchema>(path.join(out, 'results.schema.json'));
    expectTopLevelFits(results, readJsonFile(path.join(seedsAssessed().out, 'results.json')), 'results.json');
    const bundle = readJsonFile<JsonSchema>(path.join(out, 'bundle.schema.json'));
    expect(bundle.required).to.include.members(['kaohe', 'manifest', 'rubric', 'units', 'results', 'run', 'audit', 'notes']);
  });

  it('When an unknown option is given, Then it is named and the exit code is not 0', () => {
    const run = runKaohe(['rubric', 'schema', '--format', 'yaml']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('--format');
    expect(run.stdout).to.equal('');
  });
});
