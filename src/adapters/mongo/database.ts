/**
 * Opening the database the configuration names: MONGODB_URI, or the local FerretDB,
 * started (and left running, like `kaohe db start`) when it is not already up.
 */
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import type { Stores } from '../../services/ports.js';
import { connect } from './connection.js';
import { start } from './ferretdb.js';
import { mongoStores } from './stores.js';

export async function openDatabase(config: Config): Promise<{ connection: Connection; stores: Stores; uri: string; local: boolean }> {
  const local = config.mongoUri === undefined;
  const uri = config.mongoUri ?? (await start({ dataDir: config.dataDir, port: config.ferretdbPort, detached: true })).uri;
  const connection = await connect(uri, config.dbName);
  return { connection, stores: await mongoStores(connection), uri, local };
}
