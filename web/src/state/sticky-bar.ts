/**
 * A page's sticky bar covers the top of the scrolling area, so whatever the browser scrolls
 * to (a card the page jumps to, an input reached with Tab) would stop under it. The bar's
 * height, measured as it wraps, becomes the page's --sticky-bar-height, which the pages use
 * as scroll-margin-top.
 */
import { type Ref, computed, onBeforeUnmount, ref, watch } from 'vue';

export function useStickyBarOffset(bar: Ref<HTMLElement | null>): Ref<Record<string, string>> {
  const height = ref(120);
  let observer: ResizeObserver | null = null;
  watch(
    bar,
    (el) => {
      observer?.disconnect();
      observer = null;
      if (!el) return;
      observer = new ResizeObserver(() => {
        height.value = Math.ceil(el.getBoundingClientRect().height) + 8;
      });
      observer.observe(el);
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => observer?.disconnect());
  return computed(() => ({ '--sticky-bar-height': `${height.value}px` }));
}

/** Scrolls to what the selector names once it is rendered, below the sticky bar (its scroll-margin-top). */
export async function reveal(selector: string, tries = 20): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) {
      el.scrollIntoView({ block: 'start' });
      return;
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Scrolls to a page's card (by its data-item code). */
export const scrollToItem = (code: string) => reveal(`[data-item="${CSS.escape(code)}"]`);

/** Scrolls to the 409 banner: a save is clicked in the sticky bar from anywhere on a long page. */
export const revealConflict = () => reveal('[data-testid="conflict"]');
