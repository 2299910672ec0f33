/**
 * Starting a worker thread from the file beside a module: `<name>.js` when running the
 * compiled code in dist/ (npm start, the CLI); `<name>.ts` when running the sources under
 * tsx (tests). There the worker registers tsx itself: the parent's `--import=tsx` is
 * inherited but its loader hooks do not reach a worker thread on Node 20.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `beside`: the calling module's import.meta.url; `name`: the worker file's name without extension. */
export function startWorkerBeside(beside: string, name: string, options: WorkerOptions): Worker {
  if (!beside.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, beside), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const file = new URL(`./${name}.ts`, beside).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
