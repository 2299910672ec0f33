/**
 * The menu entries of target filing (目标备案, 目标审核) appear only when the current cycle's
 * rubric has target fields ("filledBy": "target"). The side menu is built from the route
 * table; these routes' meta is reactive, and its `menu` is set once the signed-in user's
 * cycle and rubric have been read (once per user, in the background; on any failure the
 * entries stay hidden, and the pages themselves still open by their address).
 */
import { reactive, watch } from 'vue';
import type { RouteMeta } from 'vue-router';
import { rubricsApi } from '../../api/endpoints';
import { currentCycle } from '../../state/cycle';
import { session } from '../../state/session';

const metas: { meta: RouteMeta; place: number }[] = [];

/** A route's meta whose menu place is given only while the current rubric has targets. */
export function targetMenuMeta(meta: Omit<RouteMeta, 'menu'>, place: number): RouteMeta {
  const m = reactive<RouteMeta>({ ...meta, menu: undefined });
  metas.push({ meta: m, place });
  return m;
}

/** Whether a rubric document declares any target field. */
export function hasTargetFields(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasTargetFields);
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  return o.filledBy === 'target' || Object.values(o).some(hasTargetFields);
}

function show(on: boolean): void {
  for (const { meta, place } of metas) meta.menu = on ? place : undefined;
}

async function check(): Promise<void> {
  try {
    const cycle = await currentCycle();
    show(cycle !== null && hasTargetFields(await rubricsApi.document(cycle.rubric)));
  } catch {
    show(false);
  }
}

watch(
  () => (session.user && !session.user.mustChangePassword ? session.user.username : ''),
  (who) => {
    if (who === '') show(false);
    else void check();
  },
  { immediate: true },
);
