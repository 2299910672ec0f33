/**
 * The composition root: the one place that knows both the use cases and the adapters
 * behind their ports. The server (server.ts) and every CLI command that uses the
 * database (cli/service-connection.ts) open the service here, and the tests compose
 * their services here too; nothing else chooses an adapter.
 */
import type { Connection } from 'mongoose';
import { systemClock } from './adapters/clock.js';
import { initialRubricSources, initialUnitTree, initialUnits } from './adapters/files/bootstrap-data.js';
import { openDatabase } from './adapters/mongo/database.js';
import { workerReportRenderer } from './adapters/report-worker/index.js';
import { xlsxWorkbookFiles } from './adapters/xlsx/workbook-files.js';
import { workerRubricChecker } from './adapters/rubric-check/index.js';
import { workerWhatIfSearcher } from './adapters/what-if-worker/index.js';
import { workerUncertaintyAnalyser } from './adapters/uncertainty-worker/index.js';
import type { Config } from './config.js';
import { engineVersion } from './package-info.js';
import { bootstrap } from './services/rubrics/bootstrap.js';
import { type ServiceDeps, type Services, createServices } from './services/index.js';
import type { Stores } from './services/ports.js';

/** What varies between the server, the CLI and tests: the stores, the clock, the version stamp and the upload limit. */
export type ServiceBase = Omit<ServiceDeps, 'rubricChecker' | 'reportRenderer' | 'workbooks' | 'unitTree' | 'uncertaintyAnalyser'> &
  Partial<Pick<ServiceDeps, 'rubricChecker' | 'reportRenderer' | 'workbooks' | 'unitTree' | 'uncertaintyAnalyser'>>;

/** The use cases with the production adapters: rubrics checked and uncertainty analysed in worker threads, report sets made (like `kaohe assess`) in a child process, reports printed by Chromium, the seeded unit tree. */
export function composeServices(base: ServiceBase): Services {
  return createServices({
    rubricChecker: workerRubricChecker(),
    reportRenderer: workerReportRenderer(),
    workbooks: xlsxWorkbookFiles,
    whatIfSearcher: workerWhatIfSearcher(),
    unitTree: initialUnitTree(),
    uncertaintyAnalyser: workerUncertaintyAnalyser(),
    ...base,
  });
}

export interface OpenService {
  readonly connection: Connection;
  readonly stores: Stores;
  readonly services: Services;
  /** Where the data is, in words: the URI, or the local FerretDB and its data folder. */
  readonly where: string;
}

/**
 * The configured database (MONGODB_URI, or the local FerretDB, started when it is not
 * running) and the services over it, on the system clock. `bootstrap` loads the unit
 * register and the published rubrics of a first start; without it nothing is written.
 */
export async function openService(config: Config, options: { bootstrap: boolean }): Promise<OpenService> {
  const { connection, stores, uri, local } = await openDatabase(config);
  try {
    if (options.bootstrap) await bootstrap(stores, systemClock, initialUnits(), initialRubricSources());
  } catch (error) {
    await connection.close();
    throw error;
  }
  const services = composeServices({
    stores,
    clock: systemClock,
    engineVersion,
    maxUploadBytes: config.maxUploadBytes,
    sessionLimits: { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs },
  });
  const where = local ? `本地 FerretDB ${uri}（数据在 ${config.dataDir}），数据库 ${config.dbName}` : `MONGODB_URI，数据库 ${config.dbName}`;
  return { connection, stores, services, where };
}
