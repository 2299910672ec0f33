/**
 * The service rows of the scale section as a program of their own, which bench/run.ts
 * starts in a fresh process after the core's rows: the heap figures are then the service's,
 * not the scoring rows' leftovers. KAOHE_BENCH_SCALE_SERVICE_SIZES (comma-separated) changes the sizes.
 */
import { SERVICE_SIZES, serviceScaleBenchmark } from './scale-service.js';

const sizes = process.env.KAOHE_BENCH_SCALE_SERVICE_SIZES?.split(',').map(Number) ?? SERVICE_SIZES;
await serviceScaleBenchmark(sizes);
process.exit(0);
