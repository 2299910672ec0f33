/**
 * A page's load: loading until the first answer, the error in Chinese when it fails.
 * Every page read its data the same way; one place keeps them alike (the skeleton shows
 * again on each reload, the previous error clears, a failure never escapes as a rejection).
 */
import { type Ref, ref } from 'vue';
import { errorMessage } from '../api/client';
import type { Cycle } from '../api/types';
import { currentCycle } from './cycle';

export interface PageLoad {
  readonly loading: Ref<boolean>;
  readonly loadError: Ref<string>;
  readonly load: () => Promise<void>;
}

export function usePageLoad(work: () => Promise<void>): PageLoad {
  const loading = ref(true);
  const loadError = ref('');
  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = '';
    try {
      await work();
    } catch (e) {
      loadError.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }
  return { loading, loadError, load };
}

/** A page about the current cycle: reads it first, and does its own work only when there is one. */
export function useCyclePageLoad(work: (cycle: Cycle) => Promise<void>): PageLoad & { readonly cycle: Ref<Cycle | null> } {
  const cycle = ref<Cycle | null>(null);
  const page = usePageLoad(async () => {
    cycle.value = await currentCycle();
    if (cycle.value) await work(cycle.value);
  });
  return { ...page, cycle };
}
