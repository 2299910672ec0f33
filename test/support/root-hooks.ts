/** Mocha root hooks: stop what a test left running and the test run's FerretDB (if one was started) at the end. */
import { stopFerretdb } from './ferretdb.js';
import { stopAllServiceProcesses } from './service-process.js';

/** How long the run may stay alive after its last test before a left-open handle is reported. */
const LINGER_MS = 60_000;

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopAllServiceProcesses();
    await stopFerretdb();
    // Mocha runs without --exit so that a leak shows; this makes the leak a quick, named failure
    // instead of a run that never ends (and a CI that times out long after the last test).
    setTimeout(() => {
      console.error(`the tests ended ${LINGER_MS / 1000} s ago but left open: ${process.getActiveResourcesInfo().join(', ')}`);
      // Mocha sets the exit code in its own 'exit' listener; this one runs after it.
      process.on('exit', () => {
        if (!process.exitCode) process.exitCode = 1;
      });
      process.exit();
    }, LINGER_MS).unref();
  },
};
