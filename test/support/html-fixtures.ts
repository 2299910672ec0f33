/**
 * Inputs for the HTML and PDF report tests: the golden results for the seeds (14 Gansu
 * units with a veto, a tie, missing items, adjustments, 不涉及, a bonus over its cap),
 * their rubric, a made-up previous year, and stand-in chart PNGs.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { loadRubric } from '../../src/adapters/files/load.js';
import type { ResultsV1, Rubric } from '../../src/core/index.js';
import { GOLDEN_DIR } from './golden.js';
import { fromRoot } from './paths.js';

export function goldenResults(): ResultsV1 {
  return JSON.parse(readFileSync(`${GOLDEN_DIR}/results.json`, 'utf8')) as ResultsV1;
}

export function gansuRubric(): Rubric {
  return loadRubric(fromRoot('rubrics', 'gansu-2015.json'));
}

/**
 * A previous year made from this one: every total moved by a fixed pattern of steps,
 * re-ranked, and the last unit left out (it "did not take part" and shows as 新).
 */
export function madeUpPreviousYear(results: ResultsV1): ResultsV1 {
  const steps = [-3.5, 2.25, 0, 4.1, -1.75, 1.3, -2.6];
  const units = results.units
    .slice(0, -1)
    .map((u, i) => ({ ...u, total: Math.round((u.total + (steps[i % steps.length] ?? 0)) * 100) / 100 }))
    .sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1))
    .map((u, i) => ({ ...u, rank: i + 1, tiedWith: [] }));
  return { ...results, year: results.year - 1, units };
}

/** A results.json whose people-typed strings try to inject markup. */
export function withInjection(results: ResultsV1, payload: string): ResultsV1 {
  const copy = JSON.parse(JSON.stringify(results)) as ResultsV1;
  const unit = copy.units[0];
  if (!unit) throw new Error('no unit');
  unit.name = `${payload}${unit.name}`;
  const item = unit.items[0];
  if (item) {
    item.note = payload;
    item.finding = payload;
    item.adjustment = { score: item.score, justification: payload, by: payload };
  }
  return copy;
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A valid, plain grey PNG of the given size: a stand-in chart. */
export function greyPng(width: number, height: number): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0xd8);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter byte: none
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]));
}

/** Stand-ins for every chart the bulletin can show, named as the chart renderer names them. */
export function standInCharts(results: ResultsV1, options: { movement?: boolean } = {}): Map<string, Uint8Array> {
  const charts = new Map<string, Uint8Array>([
    ['chart-ranking.png', greyPng(1640, 1100)],
    ['chart-grades.png', greyPng(1280, 800)],
    ['chart-heat.png', greyPng(2300, 900)],
  ]);
  if (options.movement) charts.set('chart-movement.png', greyPng(1280, 900));
  for (const u of results.units) charts.set(`chart-unit-${u.code}.png`, greyPng(1280, 1040));
  return charts;
}
