/**
 * Results to draw charts from: the 14 Gansu seeds (with the rubric), many generated
 * units (names of every length, as a province's register has), the national A–D
 * example rubric, and a "previous year" made from this year's results.
 */
import { readFileSync } from 'node:fs';
import { type ResultsV1, type Rubric, assess, buildResults, parseEvidence, parseRubric } from '../../src/core/index.js';
import { toNumber } from '../../src/core/exact/index.js';
import type { ReportInput } from '../../src/report/input.js';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { assessSeeds } from './seeds.js';
import { fromRoot } from './paths.js';

export function loadRubric(file: string): Rubric {
  return parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', file), 'utf8')));
}

export const gansuRubric = (): Rubric => loadRubric('gansu-2015.json');
export const nationalRubric = (): Rubric => loadRubric('national-example.json');

/** The 14 seed units of Gansu 2015, with the rubric the results name. */
export function seedInput(): ReportInput & { rubric: Rubric } {
  return { results: assessSeeds(), rubric: gansuRubric() };
}

const NAMES = ['兰州市', '嘉峪关市', '临夏回族自治州', '甘南藏族自治州', '克孜勒苏柯尔克孜自治州', '海西蒙古族藏族自治州', '白银市', '延边朝鲜族自治州'];

/** `count` units of generated evidence, assessed with `rubric`. */
export function generatedResults(rubric: Rubric, count: number, seed = 7): ResultsV1 {
  const documents = generateEvidence(rubric, count, seed).map((e, i) => ({
    ...e,
    unit: { ...e.unit, name: `${NAMES[i % NAMES.length]}${i < NAMES.length ? '' : i}` },
  }));
  const evidences = documents.map((e) => parseEvidence(e));
  return buildResults(rubric, assess(rubric, evidences, { engineVersion: 'test', year: rubric.year }), evidences);
}

/**
 * Last year's results, made from this year's: every total lowered or raised by a
 * few tenths (steps that binary floats get wrong: 0.1, 0.2, 0.3), re-ranked, the last
 * unit absent (it was not assessed last year).
 */
export function previousOf(results: ResultsV1): ResultsV1 {
  const steps = [0.3, -0.1, 1.2, -2.35, 0, 0.7, -0.2];
  const units = results.units
    .slice(0, -1)
    .map((u, i) => ({ ...u, total: Number((u.total - (steps[i % steps.length] as number)).toFixed(results.rubric.precision)) }));
  const ranked = [...units].sort((a, b) => b.total - a.total);
  return {
    ...results,
    year: results.year - 1,
    units: ranked.map((u) => ({ ...u, rank: 1 + ranked.findIndex((v) => v.total === u.total) })),
  };
}

/**
 * The same units with totals spread evenly from 97.50 down (steps of 2.75 for 20
 * units), graded by the rubric's bands, the third unit vetoed: every grade of an
 * A–D scale occurs. Charts read totals, grades and ranks as given; nothing recomputes them.
 */
export function spreadResults(results: ResultsV1, rubric: Rubric): ResultsV1 {
  const bands = rubric.result.grades;
  const step = Math.floor(5600 / Math.max(results.units.length - 1, 1));
  const scoreGrade = (total: number) => (bands.find((g) => g.min !== undefined && total >= toNumber(g.min)) ?? bands[bands.length - 1])!.grade;
  const units = results.units.map((u, i) => {
    const total = (9750 - i * step) / 100;
    const vetoed = i === 2;
    return { ...u, rank: i + 1, total, scoreGrade: scoreGrade(total), grade: vetoed ? rubric.result.veto : scoreGrade(total), vetoed, tiedWith: [] };
  });
  return {
    ...results,
    units,
    summary: {
      ...results.summary,
      grades: bands.map((g) => ({
        grade: g.grade,
        count: units.filter((u) => u.grade === g.grade).length,
        units: units.filter((u) => u.grade === g.grade).map((u) => u.code),
      })),
      vetoed: units.filter((u) => u.vetoed).map((u) => u.code),
      ties: [],
    },
  };
}
