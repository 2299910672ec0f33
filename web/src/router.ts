/**
 * The workspace's pages, in one table: the path, who may open it, and its place in the
 * side menu. The menu (layouts/WorkspaceLayout.vue) is built from this table, so a role sees
 * exactly the pages it may open; the API still refuses what a role may not do.
 */
import { type RouteLocationNormalized, type RouteRecordRaw, createRouter, createWebHistory } from 'vue-router';
import type { Role } from './api/types';
import { loadSession, session } from './state/session';
import { targetMenuMeta } from './components/targets/target-menu';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title (the menu's and the browser tab's). */
    title?: string;
    /** Who may open the page; absent: anyone signed in. */
    roles?: readonly Role[];
    /** Shown in the side menu, in this order. */
    menu?: number;
    /** No sign-in needed. */
    public?: boolean;
  }
}

const ALL: readonly Role[] = ['examiner', 'admin', 'auditor', 'city'];
const OFFICE: readonly Role[] = ['examiner', 'admin'];

export const workspaceRoutes: RouteRecordRaw[] = [
  { path: 'home', name: 'city-home', component: () => import('./pages/CityHome.vue'), meta: { title: '首页', roles: ['city'], menu: 1 } },
  // 目标备案 (menu between 首页 and 填报) and 目标审核 (after 填报进度): in the menu only when the cycle's rubric has targets.
  { path: 'targets', name: 'targets', component: () => import('./pages/TargetFiling.vue'), meta: targetMenuMeta({ title: '目标备案', roles: ['city'] }, 1.5) },
  { path: 'evidence', name: 'evidence', component: () => import('./pages/EvidenceForm.vue'), meta: { title: '填报', roles: ['city'], menu: 2 } },
  {
    path: 'progress',
    name: 'progress',
    component: () => import('./pages/ProgressBoard.vue'),
    meta: { title: '填报进度', roles: ['examiner', 'admin', 'auditor'], menu: 10 },
  },
  {
    path: 'targets-review/:unit?',
    name: 'targets-review',
    component: () => import('./pages/TargetReview.vue'),
    meta: targetMenuMeta({ title: '目标审核', roles: ['examiner', 'admin', 'auditor'] }, 10.5),
  },
  { path: 'review/:unit?', name: 'review', component: () => import('./pages/ReviewPage.vue'), meta: { title: '审核评分', roles: OFFICE, menu: 11 } },
  {
    path: 'runs',
    name: 'runs',
    component: () => import('./pages/RunsPage.vue'),
    meta: { title: '评分与排名', roles: ['examiner', 'admin', 'auditor'], menu: 12 },
  },
  { path: 'scorecard', name: 'scorecard', component: () => import('./pages/CityScorecard.vue'), meta: { title: '考核成绩单', roles: ['city'], menu: 3 } },
  {
    path: 'runs/:run/units/:unit?',
    name: 'run-unit',
    component: () => import('./pages/RunUnitDetail.vue'),
    meta: { title: '单位得分明细', roles: ['examiner', 'admin', 'auditor'] },
  },
  {
    path: 'what-if',
    name: 'what-if',
    component: () => import('./pages/WhatIfEditor.vue'),
    meta: { title: '模拟测算', roles: ALL },
  },
  {
    path: 'runs/:run/uncertainty',
    name: 'run-uncertainty',
    component: () => import('./pages/RunUncertainty.vue'),
    meta: { title: '名次的不确定性', roles: ['examiner', 'admin', 'auditor'] },
  },
  {
    path: 'compare',
    name: 'compare',
    component: () => import('./pages/RunCompare.vue'),
    meta: { title: '评分对比', roles: ['examiner', 'admin', 'auditor'], menu: 13 },
  },
  {
    path: 'audit',
    name: 'audit',
    component: () => import('./pages/AuditTimeline.vue'),
    meta: { title: '审计记录', roles: ['examiner', 'admin', 'auditor'], menu: 20 },
  },
  {
    path: 'notes',
    name: 'notes',
    component: () => import('./pages/NotesPage.vue'),
    meta: { title: '评估意见', roles: ['examiner', 'admin', 'auditor'], menu: 21 },
  },
  {
    path: 'sampling',
    name: 'sampling',
    component: () => import('./pages/SamplingPlan.vue'),
    meta: { title: '抽样核查', roles: ['examiner', 'admin', 'auditor'], menu: 22 },
  },
  { path: 'rubrics', name: 'rubrics', component: () => import('./pages/RubricsPage.vue'), meta: { title: '考核细则', roles: OFFICE, menu: 30 } },
  { path: 'users', name: 'users', component: () => import('./pages/UsersPage.vue'), meta: { title: '用户管理', roles: ['admin'], menu: 31 } },
];

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return role === 'city' ? '/home' : '/progress';
}

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignIn.vue'), meta: { title: '登录', public: true } },
  { path: '/change-password', name: 'change-password', component: () => import('./pages/ChangePassword.vue'), meta: { title: '修改密码', roles: ALL } },
  {
    path: '/',
    component: () => import('./layouts/WorkspaceLayout.vue'),
    children: [{ path: '', name: 'root', redirect: () => (session.user ? homeOf(session.user.role) : '/sign-in') }, ...workspaceRoutes],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue'), meta: { title: '页面不存在', public: true } },
];

export const router = createRouter({ history: createWebHistory(), routes });

export function mayOpen(route: Pick<RouteLocationNormalized, 'meta'>, role: Role): boolean {
  return route.meta.roles === undefined || route.meta.roles.includes(role);
}

router.beforeEach(async (to) => {
  await loadSession();
  const user = session.user;
  if (to.meta.public === true) return to.name === 'sign-in' && user && !user.mustChangePassword ? homeOf(user.role) : true;
  if (!user) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (user.mustChangePassword && to.name !== 'change-password') return { name: 'change-password', query: { redirect: to.fullPath } };
  if (!mayOpen(to, user.role)) return homeOf(user.role);
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 考核 Kaohe` : '考核 Kaohe';
});
