/**
 * Sessions and tokens looked up by their key stored as `_id` (a session's hash, a
 * token's id): on FerretDB v1 a filter that is exactly `{ _id: value }` is the only one
 * that does not decode every document of the collection (unit-record-ids.ts), and every
 * request of a signed-in user looks one up. Documents stored before keep an ObjectId and
 * are found by their field, as before, while the collection holds any.
 */
interface Collection {
  exists(filter: object): PromiseLike<unknown>;
  findById(id: string): { lean(): PromiseLike<unknown> };
  findOne(filter: object): { lean(): PromiseLike<unknown> };
}

export async function keyedById(model: Collection, field: string) {
  // Decided once, at start-up: documents are only ever added with their key as _id from now on.
  const older = (await model.exists({ _id: { $type: 'objectId' } })) !== null;
  return {
    /** The document whose `field` is `key`. */
    async find(key: string): Promise<unknown> {
      const doc = await model.findById(key).lean();
      if (doc !== null || !older) return doc;
      return model.findOne({ [field]: { $eq: key } }).lean();
    },
    /** A filter of the document whose `field` is `key`, by `_id` alone where no older document can be it. */
    filter(key: string): object {
      return older ? { [field]: { $eq: key } } : { _id: key };
    },
  };
}
