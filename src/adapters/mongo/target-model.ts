/**
 * The target filings' collection (目标备案), one document per unit and year. Kept
 * beside models.ts rather than in it so that the feature's storage reads as one piece;
 * stores.ts creates it and its index with the others.
 */
import { type Connection, Schema } from 'mongoose';

export function defineTargetModel(c: Connection) {
  return c.model(
    'TargetFiling',
    new Schema(
      {
        year: Number,
        body: String,
        cycleKey: String,
        unitCode: String,
        targets: String,
        createdAt: String,
        updatedAt: String,
        updatedBy: String,
        version: Number,
      },
      { versionKey: false, strict: 'throw' },
    ).index({ cycleKey: 1, unitCode: 1 }, { unique: true }),
    'target_filings',
  );
}
