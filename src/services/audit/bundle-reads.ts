/**
 * What an evaluator reads off a run's audit bundle in the browser, computed by the same
 * pure code as the CLI: two runs compared (`kaohe audit diff`) and a sampling plan
 * (`kaohe audit sample`). Each bundle is exported as GET …/bundle exports it, so that
 * what the page shows is what the downloaded bundles give offline.
 */
import { type BundleDiff, type BundleV1, type Sample, diffBundles, sampleCheckpoints } from '../../audit/index.js';
import { type Actor, requireOverseer } from '../access/actor.js';
import type { CycleKey } from '../../records/index.js';

/** A run's bundle as the actor would download it (bundleService's export). */
export type BundleOf = (actor: Actor, key: CycleKey, runId: string) => Promise<BundleV1>;

export function bundleReads(bundleOf: BundleOf) {
  return {
    /**
     * Run `a` against run `b` of `key`: what `kaohe audit diff` says of their two bundles
     * (a unit's records changed since the older run are not used: unitInputsPair).
     */
    async compare(actor: Actor, key: CycleKey, a: string, b: string): Promise<BundleDiff> {
      requireOverseer(actor);
      const before = await bundleOf(actor, key, a);
      const after = a === b ? before : await bundleOf(actor, key, b);
      return diffBundles(before, after);
    },

    /** A sampling plan drawn from the run's bundle: the same sample, size and seed as `kaohe audit sample --run`. */
    async sample(actor: Actor, key: CycleKey, runId: string, options: { size: number; seed: string }): Promise<{ sample: Sample; run: BundleV1['run'] }> {
      requireOverseer(actor);
      const bundle = await bundleOf(actor, key, runId);
      return { sample: sampleCheckpoints(bundle, options), run: bundle.run };
    },
  };
}
