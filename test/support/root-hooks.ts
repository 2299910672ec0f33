/** Mocha root hooks: stop the test run's FerretDB (if one was started) at the end. */
import { stopFerretdb } from './ferretdb.js';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopFerretdb();
  },
};
