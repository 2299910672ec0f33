/**
 * The menu opens the page already shown afresh (layouts/WorkspaceLayout.vue remounts it). A
 * page holding input it cannot keep in the browser (a value typed that is not a number yet)
 * gives the layout a check to run first, which asks the user before that input is dropped.
 */
import { type InjectionKey, type ShallowRef, inject, onBeforeUnmount, onMounted } from 'vue';

/** Resolves true when the page may be opened afresh. */
export type ReopenCheck = () => Promise<boolean>;

export const REOPEN_CHECK: InjectionKey<ShallowRef<ReopenCheck | null>> = Symbol('reopen-check');

/** Registers the page's check while it is shown. */
export function useReopenCheck(check: ReopenCheck): void {
  const slot = inject(REOPEN_CHECK, null);
  if (slot === null) return;
  onMounted(() => {
    slot.value = check;
  });
  onBeforeUnmount(() => {
    if (slot.value === check) slot.value = null;
  });
}
