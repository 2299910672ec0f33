/**
 * Records looked up by a key stored as `_id` (a session's hash, a token's id, a user's
 * name, a unit's record of a cycle: unit-record-ids.ts): on FerretDB v1 a filter that is
 * exactly `{ _id: value }` is the only one that does not decode every document of the
 * collection (an index search, with the build of scripts/install-ferretdb.sh), and the
 * lookups kept here are made on every request or every write.
 * Documents stored before keep an ObjectId and are found by their fields, as before,
 * while the collection holds any.
 */

/** What is used of a collection's model (mongoose's own types differ with each schema). */
export interface Collection {
  exists(filter: object): PromiseLike<unknown>;
  findById(id: unknown): { lean(): PromiseLike<unknown> };
  findOne(filter: object): { lean(): PromiseLike<unknown> };
}

/** How a key is stored: its `_id`, and the fields that find it among documents stored before. */
export interface KeyShape<K> {
  readonly idOf: (key: K) => string;
  readonly fieldsOf: (key: K) => object;
}

/** A key that is one field's value, stored as `_id` as it is. */
export const fieldKey = (field: string): KeyShape<string> => ({ idOf: (key) => key, fieldsOf: (key) => ({ [field]: { $eq: key } }) });

export interface KeyedById<K> {
  /** Whether the collection held documents stored before ids when the process started. */
  readonly older: boolean;
  readonly idOf: (key: K) => string;
  /** The document of `key`, or null. */
  find(key: K): Promise<unknown>;
  /** A filter of the document of `key`, by `_id` alone where no older document can be it. */
  filter(key: K): object;
}

export async function keyedById<K>(model: Collection, shape: KeyShape<K>): Promise<KeyedById<K>> {
  // Decided once, at start-up: documents are only ever added with their key as _id from now on.
  const older = (await model.exists({ _id: { $type: 'objectId' } })) !== null;
  return {
    older,
    idOf: shape.idOf,
    async find(key) {
      const doc = await model.findById(shape.idOf(key)).lean();
      if (doc !== null || !older) return doc;
      return model.findOne(shape.fieldsOf(key)).lean();
    },
    filter(key) {
      return older ? shape.fieldsOf(key) : { _id: shape.idOf(key) };
    },
  };
}
