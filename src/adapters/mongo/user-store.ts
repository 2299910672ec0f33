/**
 * Users on MongoDB (or FerretDB), stored under their username as `_id` (keyed-by-id.ts):
 * every sign-in and every user added looks a user up by name, and on FerretDB v1 any other
 * filter decodes the whole collection (adding 2,850 users took 9.5 minutes that way). A
 * user's id is its `_id` as text: its name, or the hex of the ObjectId of a user stored
 * before, which sessions and tokens keep naming; such users are found, changed and signed
 * in as before.
 */
import { type Connection, Schema, Types } from 'mongoose';
import type { UserRecord } from '../../records/index.js';
import type { Stores } from '../../services/ports.js';
import { fieldKey, keyedById } from './keyed-by-id.js';

export function defineUserModel(c: Connection) {
  return c.model(
    'User',
    new Schema(
      {
        // The username (see the header); users stored before have an ObjectId.
        _id: Schema.Types.Mixed,
        username: { type: String, required: true },
        role: { type: String, required: true },
        unitCode: String,
        passwordHash: { type: String, required: true },
        createdAt: { type: String, required: true },
        mustChangePassword: Boolean,
        disabled: Boolean,
        passwordChangedAt: String,
        version: { type: Number, required: true },
      },
      { versionKey: false, strict: 'throw' },
    ).index({ username: 1 }, { unique: true }),
    'users',
  );
}

type UserModel = ReturnType<typeof defineUserModel>;

/** A stored user as a record: its id is its `_id` as text; undefined members dropped. */
function userOf(doc: unknown): UserRecord {
  const { _id, ...rest } = doc as Record<string, unknown>;
  for (const k of Object.keys(rest)) if (rest[k] === undefined || rest[k] === null) delete rest[k];
  return { ...rest, id: String(_id) } as UserRecord;
}

export async function userStore(model: UserModel): Promise<Stores['users']> {
  await model.createIndexes();
  const byName = await keyedById(model, fieldKey('username'));
  /** The `_id` filters a user's id may stand for: its name, else (a user stored before) its ObjectId. */
  const idFilters = (id: string): object[] => (byName.older && /^[0-9a-f]{24}$/i.test(id) ? [{ _id: id }, { _id: new Types.ObjectId(id) }] : [{ _id: id }]);

  return {
    async create(u) {
      const doc = await model.create({ _id: u.username, ...u, version: 1 });
      return userOf(doc.toObject());
    },
    async findByUsername(username) {
      const doc = await byName.find(username);
      return doc ? userOf(doc) : null;
    },
    async findById(id) {
      for (const filter of idFilters(id)) {
        const doc = await model.findOne(filter).lean();
        if (doc) return userOf(doc);
      }
      return null;
    },
    async list() {
      return (await model.find().sort({ username: 1 }).lean()).map(userOf);
    },
    async update(id, patch) {
      const { unitCode, ...rest } = patch;
      const set = Object.fromEntries(Object.entries({ ...rest, ...(typeof unitCode === 'string' ? { unitCode } : {}) }).filter(([, v]) => v !== undefined));
      const change = { $set: set, $inc: { version: 1 }, ...(unitCode === null ? { $unset: { unitCode: 1 } } : {}) };
      for (const filter of idFilters(id)) {
        const doc = await model.findOneAndUpdate(filter, change, { returnDocument: 'after' }).lean();
        if (doc) return userOf(doc);
      }
      return null;
    },
  };
}
