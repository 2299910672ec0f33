/**
 * The scale section as a program of its own, which bench/run.ts starts in a fresh process:
 * in the bench's process, the scoring rows' data (over 100 MB still alive) made the
 * garbage collector's leftover work land inside the timed steps of the small sizes (285
 * units read ×2.3–2.7 per unit there, ×0.9 alone), and the 2 GB this section reaches
 * would stay with the sections after it.
 */
import { scaleBenchmark } from './scale.js';

const sizes = process.env.KAOHE_BENCH_SCALE_SIZES?.split(',').map(Number);
scaleBenchmark({ sizes });
// 1.0.0 (the golden results' version), scoring only: what the newer rubric's targets cost.
scaleBenchmark({ sizes, rubricFile: 'rubrics/gansu-2015.json', resultsUpTo: 0 });
