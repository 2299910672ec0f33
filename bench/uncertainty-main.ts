/**
 * The uncertainty section as a program of its own, which bench/run.ts starts in a fresh
 * process: 1,000 draws of 2,851 units keep a few hundred MB of ranks and choices alive,
 * which would stay with the sections after it. KAOHE_BENCH_UNCERTAINTY_SIZES=14 runs the
 * seeds alone.
 */
import { uncertaintyBenchmark } from './uncertainty.js';

const sizes = process.env.KAOHE_BENCH_UNCERTAINTY_SIZES?.split(',').map(Number);
uncertaintyBenchmark(sizes);
