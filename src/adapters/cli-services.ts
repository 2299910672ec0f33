/**
 * The service as a command-line tool uses it (kaohe users add, seed, audit verify): the
 * configured database (MONGODB_URI, or the local FerretDB, started when it is not
 * running), the units and rubrics of a first start, and the use cases, with the
 * system clock. close() ends the connection so that the command can exit.
 */
import type { Connection } from 'mongoose';
import { type Config, loadConfig } from '../config.js';
import { bootstrap } from '../services/bootstrap.js';
import { ServiceError } from '../services/errors.js';
import { type Services, createServices } from '../services/index.js';
import type { Stores } from '../services/ports.js';
import { systemClock } from './clock.js';
import { initialRubricSources, initialUnits } from './files/bootstrap-data.js';
import { openDatabase } from './mongo/database.js';
import { engineVersion } from '../package-info.js';

export interface CliServices {
  readonly config: Config;
  readonly stores: Stores;
  readonly services: Services;
  /** Where the data is: the URI, or the local FerretDB and its data folder. */
  readonly where: string;
  close(): Promise<void>;
}

/** `bootstrap: false` reads the database as it is and writes nothing (audit verify). */
export async function openCliServices(options: { bootstrap: boolean }): Promise<CliServices> {
  const config = loadConfig();
  const { connection, stores, uri, local } = await openDatabase(config);
  try {
    if (options.bootstrap) await bootstrap(stores, systemClock, initialUnits(), initialRubricSources());
  } catch (error) {
    await connection.close();
    throw error;
  }
  const services = createServices({ stores, clock: systemClock, engineVersion, maxUploadBytes: config.maxUploadBytes });
  const where = local ? `本地 FerretDB ${uri}（数据在 ${config.dataDir}），数据库 ${config.dbName}` : `MONGODB_URI，数据库 ${config.dbName}`;
  return { config, stores, services, where, close: () => closeQuietly(connection) };
}

async function closeQuietly(connection: Connection): Promise<void> {
  await connection.close().catch(() => undefined);
}

/**
 * What a command prints when the service refuses or the database cannot be reached;
 * null for anything else (a bug, which the caller rethrows).
 */
export function failureMessage(error: unknown): string | null {
  if (error instanceof ServiceError) {
    return [error.message, ...error.problems.map((p) => `  ${p.path}: ${p.message} [${p.code}]`)].join('\n');
  }
  const e = error as { name?: string; message?: string };
  if (e.name === 'MongooseServerSelectionError' || e.name === 'MongoServerSelectionError' || e.name === 'MongoNetworkError') {
    return `无法连接数据库：${e.message ?? ''}\n请检查 MONGODB_URI，或用 kaohe db start 启动本地数据库。`;
  }
  if (typeof e.message === 'string' && (e.message.startsWith('环境变量有误') || e.message.includes('FerretDB'))) return e.message;
  return null;
}
