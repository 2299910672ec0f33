/**
 * Step 3: the parts against one another, by the hashes each records of the others.
 * These hold even when a tamperer rewrote the manifest: the results name the rubric's
 * hash and each unit's evidence hash; a service run names the rubric's, the inputs'
 * and the results' hashes, and the run itself is sealed by the audit chain (chain.ts).
 */
import { contentHash, sha256 } from '../../core/index.js';
import type { BundleV1 } from '../bundle.js';
import type { ReplayProblem } from './report.js';
import type { RunTextHashes } from './run-texts.js';

/** Part hashes (hashParts): each part is hashed once, here read by name. */
type PartHashes = ReadonlyMap<string, string>;

function rubricProblems(bundle: BundleV1, hashes: PartHashes): ReplayProblem[] {
  const problems: ReplayProblem[] = [];
  const actual = hashes.get('rubric') ?? contentHash(bundle.rubric);
  const stated = bundle.results.rubric.hash;
  if (stated !== actual) {
    problems.push({
      part: 'rubric',
      kind: 'rubric-hash',
      bundleValue: stated,
      recomputedValue: actual,
      message: `考核细则的内容哈希为 ${actual}，与结果所记的 ${stated} 不符（细则或结果被改动）`,
    });
  }
  if (bundle.run && bundle.run.rubricHash !== actual) {
    problems.push({
      part: 'rubric',
      kind: 'rubric-hash',
      bundleValue: bundle.run.rubricHash,
      recomputedValue: actual,
      message: `考核细则的内容哈希为 ${actual}，与评分 ${bundle.run.runId} 所记的 ${bundle.run.rubricHash} 不符（细则被改动）`,
    });
  }
  return problems;
}

function unitProblems(bundle: BundleV1, partHashes: PartHashes): ReplayProblem[] {
  const problems: ReplayProblem[] = [];
  const published = new Map(bundle.results.units.map((u) => [u.code, u]));
  const hashes: [string, string][] = [];
  for (const unit of bundle.units) {
    const part = `units/${unit.code}/evidence`;
    const hash = partHashes.get(part) ?? contentHash(unit.evidence);
    hashes.push([unit.code, hash]);
    if (unit.evidence.unit.code !== unit.code) {
      problems.push({
        part,
        kind: 'units',
        unitCode: unit.code,
        bundleValue: unit.evidence.unit.code,
        message: `单位 ${unit.code} 的证据写的是单位 ${unit.evidence.unit.code}`,
      });
    }
    const result = published.get(unit.code);
    published.delete(unit.code);
    if (!result) {
      problems.push({
        part: 'results',
        kind: 'units',
        unitCode: unit.code,
        message: `审计包中有单位 ${unit.code}（${unit.name}）的证据，结果中却没有这个单位`,
      });
    } else if (result.evidenceHash !== hash) {
      problems.push({
        part,
        kind: 'evidence-hash',
        unitCode: unit.code,
        bundleValue: result.evidenceHash,
        recomputedValue: hash,
        message: `单位 ${unit.code}（${unit.name}）的证据哈希为 ${hash}，与结果所记的 ${result.evidenceHash} 不符（证据或结果被改动）`,
      });
    }
  }
  for (const result of published.values()) {
    problems.push({ part: 'results', kind: 'units', unitCode: result.code, message: `结果中有单位 ${result.code}（${result.name}），审计包中却没有它的证据` });
  }
  // The results' overall evidence hash covers every unit's: a unit's hash changed in the results alone shows here.
  const overall = contentHash(hashes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (overall !== bundle.results.evidenceHash) {
    problems.push({
      part: 'results',
      kind: 'evidence-hash',
      bundleValue: bundle.results.evidenceHash,
      recomputedValue: overall,
      message: `全部证据的哈希为 ${overall}，与结果所记的 ${bundle.results.evidenceHash} 不符`,
    });
  }
  return problems;
}

/** The run's hashes of its inputs and results text, rebuilt from the bundle as the service wrote them (runTexts, hashed by runTextHashes). */
function runProblems(bundle: BundleV1, texts: RunTextHashes | null): ReplayProblem[] {
  const run = bundle.run;
  if (!run || !texts) return [];
  const problems: ReplayProblem[] = [];
  const { inputs, results } = texts;
  if (inputs !== run.inputsHash) {
    problems.push({
      part: 'run',
      kind: 'run-hash',
      bundleValue: run.inputsHash,
      recomputedValue: inputs,
      message: `各单位证据的哈希为 ${inputs}，与评分 ${run.runId} 所记的 inputsHash ${run.inputsHash} 不符（证据被改动）`,
    });
  }
  if (results !== run.resultsHash) {
    problems.push({
      part: 'run',
      kind: 'run-hash',
      bundleValue: run.resultsHash,
      recomputedValue: results,
      message: `结果的哈希为 ${results}，与评分 ${run.runId} 所记的 resultsHash ${run.resultsHash} 不符（结果被改动）`,
    });
  }
  return problems;
}

function yearProblems(bundle: BundleV1): ReplayProblem[] {
  const years = [
    ['results', bundle.results.year],
    ['run', bundle.run?.year],
  ] as const;
  return years
    .filter(([, year]) => year !== undefined && year !== bundle.manifest.year)
    .map(([part, year]) => ({
      part,
      kind: 'year',
      bundleValue: String(year),
      recomputedValue: String(bundle.manifest.year),
      message: `${part} 的年度 ${year} 与审计包的年度 ${bundle.manifest.year} 不符`,
    }));
}

/**
 * Last year's evidence against what the results and the run record of it: the results
 * name its hash exactly when they read it (previousEvidenceHash, the sorted per-unit
 * hashes as the core computes them), and a service run names the stored inputs of the
 * run of the year before that it read (previousInputsHash, the same text as runTexts).
 */
function previousProblems(bundle: BundleV1): ReplayProblem[] {
  const stated = bundle.results.previousEvidenceHash;
  const previous = bundle.previous;
  if (previous === undefined) {
    return stated === undefined
      ? []
      : [{ part: 'previous', kind: 'previous-hash', bundleValue: stated, message: `结果读取了上年证据（哈希 ${stated}），审计包中却没有上年证据` }];
  }
  const problems: ReplayProblem[] = [];
  const perUnit = new Map<string, string>(previous.evidence.map((e) => [e.unit.code, contentHash(e)]));
  const actual = contentHash([...perUnit.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (stated === undefined || stated !== actual) {
    problems.push({
      part: 'previous',
      kind: 'previous-hash',
      ...(stated !== undefined && { bundleValue: stated }),
      recomputedValue: actual,
      message:
        stated === undefined ? '审计包中有上年证据，结果却没有读取上年证据' : `上年证据的哈希为 ${actual}，与结果所记的 ${stated} 不符（上年证据或结果被改动）`,
    });
  }
  const run = bundle.run;
  if (run && run.previousInputsHash !== undefined) {
    const inputs = sha256(JSON.stringify(previous.evidence));
    if (inputs !== run.previousInputsHash) {
      problems.push({
        part: 'previous',
        kind: 'run-hash',
        bundleValue: run.previousInputsHash,
        recomputedValue: inputs,
        message: `上年证据的哈希为 ${inputs}，与评分 ${run.runId} 所记的 previousInputsHash ${run.previousInputsHash}（评分 ${run.previousRun ?? ''} 的输入）不符（上年证据被改动）`,
      });
    }
    if (previous.runId !== run.previousRun) {
      problems.push({
        part: 'previous',
        kind: 'run-hash',
        bundleValue: previous.runId ?? '（无）',
        recomputedValue: run.previousRun ?? '（无）',
        message: `上年证据注明取自评分 ${previous.runId ?? '（无）'}，评分 ${run.runId} 记载的却是 ${run.previousRun ?? '（无）'}`,
      });
    }
  }
  return problems;
}

/** `texts`: runTextHashes(bundle), null when the bundle has no run. */
export function crossHashProblems(bundle: BundleV1, hashes: PartHashes, texts: RunTextHashes | null): ReplayProblem[] {
  return [
    ...yearProblems(bundle),
    ...rubricProblems(bundle, hashes),
    ...unitProblems(bundle, hashes),
    ...runProblems(bundle, texts),
    ...previousProblems(bundle),
  ];
}
