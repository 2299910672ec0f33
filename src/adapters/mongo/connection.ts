/**
 * The mongoose connection. Only what both MongoDB 6+/7 and FerretDB v1 support is
 * used: plain CRUD, unique and compound indexes, GridFS. No transactions (FerretDB v1
 * has none): every request changes at most one document with a conditional write,
 * then appends to the audit chain.
 */
import mongoose, { type Connection } from 'mongoose';

/**
 * While the database is away, a command fails instead of waiting in mongoose's queue
 * (bufferCommands) or for long server selection, so that requests get a quick 503
 * (unavailable.ts); the driver checks every two seconds whether it is back. A server that
 * accepts a command and then never answers (a hung FerretDB) would hold the request and its
 * pooled connection for ever: after two minutes without a byte the socket is given up and
 * the request fails like any other database error. Two minutes, because on FerretDB v1 a
 * read that decodes a whole large collection legitimately takes seconds.
 */
export async function connect(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS: 2000,
    socketTimeoutMS: 120_000,
    bufferCommands: false,
    autoIndex: false,
  });
  await connection.asPromise();
  return connection;
}
