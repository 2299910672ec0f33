/**
 * bench/scale-replay.ts on a tiny bundle (its figures are the bench's to measure, not a
 * test's): the bundle it writes replays clean in a process of its own, and the figures
 * it brings back are there and hang together.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureReplay, replayScaleBenchmark, writeScaleBundle } from '../../bench/scale-replay.js';

describe('bench/scale-replay.ts', () => {
  it('scores and replays a bundle of generated units, each in a fresh process, and reports their times cold and warm and replay’s memory above the bundle', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-test-scale-replay-'));
    try {
      const figures = measureReplay(writeScaleBundle(dir, 5));
      expect(figures).to.include({ units: 5, ok: true });
      for (const ms of [figures.scoreColdMs, figures.scoreMs, figures.replayColdMs, figures.replayMs]) expect(ms).to.be.above(0);
      expect(figures.replayHeapPeak).to.be.at.least(figures.heapWithBundle);
      expect(figures.replayRssPeak).to.be.at.least(figures.rssWithBundle);
      expect(figures.bundleBytes).to.be.above(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one line per size', function () {
    this.timeout(120_000);
    const lines: string[] = [];
    replayScaleBenchmark([3], (l) => lines.push(l));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^scale {6}3 units {2}audit replay +\d+ ms cold ×\d+\.\d\d scoring \(\d+ ms\), \d+ ms warm ×\d+\.\d\d \(\d+ ms\); heap \d+ MB with the \d+ MB bundle, peak \d+ MB \(\d+ MB above\); resident \d+ MB, peak \d+ MB \(\d+ MB above, the worker's included\)$/,
    );
  });
});
