/**
 * The service as a command-line tool uses it (kaohe users add, seed, audit verify): the
 * configured database (MONGODB_URI, or the local FerretDB, started when it is not
 * running), the units and rubrics of a first start, and the use cases, with the
 * system clock. close() ends the connection so that the command can exit.
 */
import type { Connection } from 'mongoose';
import { openService } from '../compose.js';
import { type Config, loadConfig } from '../config.js';
import { ServiceError } from '../services/errors.js';
import { type Services } from '../services/index.js';
import type { Stores } from '../services/ports.js';

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
  const { connection, stores, services, where } = await openService(config, options);
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
