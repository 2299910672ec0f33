/**
 * Failed sign-ins per key, shared by the service processes (services/access/shared-throttle.ts).
 *
 * FerretDB v1 does not apply a conditional update atomically, so a key's state is never
 * updated in place: each new state is inserted as the key's next revision, under a
 * unique `_id` ("user:张三#4"), so that of two processes advancing one revision only one
 * succeeds, and the other reads again. The newest revision is the state; older ones are
 * dropped after it. A writer that read a revision since dropped could insert a number
 * already passed; it checks that no newer revision stands, and otherwise takes its
 * state back and tries again.
 */
import { type Connection, Schema } from 'mongoose';
import type { Stores } from '../../services/ports.js';
import type { FailureState } from '../../services/access/sign-in-throttle.js';

const DUPLICATE_KEY = 11000;

interface Revision extends FailureState {
  readonly _id: string;
  readonly key: string;
  readonly rev: number;
}

export function defineSignInFailureModel(c: Connection) {
  return c.model(
    'SignInFailures',
    new Schema(
      { _id: String, key: String, rev: Number, failures: [Number], lockedUntil: Number, strikes: Number, lastSeen: Number },
      { versionKey: false, strict: 'throw' },
    )
      .index({ key: 1, rev: 1 })
      .index({ lastSeen: 1 }),
    'sign_in_failures',
  );
}

type SignInFailureModel = ReturnType<typeof defineSignInFailureModel>;

const stateOf = (doc: Revision): FailureState => ({ failures: [...doc.failures], lockedUntil: doc.lockedUntil, strikes: doc.strikes, lastSeen: doc.lastSeen });

export function signInFailureStore(model: SignInFailureModel): Stores['signInFailures'] {
  const revisions = async (key: string) => (await model.find({ key: { $eq: key } }).lean()) as unknown as Revision[];
  return {
    async get(key) {
      const newest = (await revisions(key)).reduce<Revision | undefined>((best, doc) => (best === undefined || doc.rev > best.rev ? doc : best), undefined);
      return newest === undefined ? null : { state: stateOf(newest), rev: newest.rev };
    },
    async put(key, state, rev) {
      const next = rev + 1;
      const id = `${key}#${next}`;
      try {
        await model.create({ _id: id, key, rev: next, ...state, failures: [...state.failures] });
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
        throw error;
      }
      if (await model.exists({ key: { $eq: key }, rev: { $gt: next } })) {
        await model.deleteOne({ _id: { $eq: id } });
        return false;
      }
      await model.deleteMany({ key: { $eq: key }, rev: { $lt: next } });
      return true;
    },
    async remove(key) {
      await model.deleteMany({ key: { $eq: key } });
    },
    async forgetQuiet(now, quietSince) {
      const result = await model.deleteMany({ lockedUntil: { $lte: now }, lastSeen: { $lt: quietSince } });
      return result.deletedCount;
    },
  };
}
