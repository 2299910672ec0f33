/**
 * The heap over a sequence of steps, from V8's own count at every garbage collection
 * (v8.GCProfiler), so that a peak between two samples is not missed: for each step, the
 * highest heapUsed seen before a collection (what the process had to hold, garbage
 * included) and the most a full collection left (what the step really kept: a scavenge
 * leaves the old generation's garbage in place, so only mark-sweep counts).
 */
import v8 from 'node:v8';

export interface HeapStep {
  readonly step: string;
  readonly peak: number;
  /** The most a full collection left during the step; null when none ran. */
  readonly live: number | null;
}

export interface HeapSteps {
  /** Ends the step running since the last mark (or since the start), under this name. */
  mark(step: string): HeapStep;
  readonly steps: readonly HeapStep[];
  /** The highest peak of any step. */
  peak(): number;
  stop(): void;
}

export function heapSteps(): HeapSteps {
  let profiler: v8.GCProfiler | undefined = new v8.GCProfiler();
  profiler.start();
  const steps: HeapStep[] = [];
  return {
    mark(step) {
      const collections = profiler?.stop()?.statistics ?? [];
      const now = process.memoryUsage().heapUsed;
      const peak = Math.max(now, ...collections.map((c) => c.beforeGC.heapStatistics.usedHeapSize));
      const full = collections.filter((c) => c.gcType === 'MarkSweepCompact').map((c) => c.afterGC.heapStatistics.usedHeapSize);
      const live = full.length === 0 ? null : Math.max(...full);
      const ended = { step, peak, live };
      steps.push(ended);
      profiler = new v8.GCProfiler();
      profiler.start();
      return ended;
    },
    steps,
    peak: () => Math.max(0, ...steps.map((s) => s.peak)),
    stop() {
      profiler?.stop();
      profiler = undefined;
    },
  };
}
