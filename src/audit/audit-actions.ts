/**
 * The actions the audit trail records, grouped by kind (an action is `<kind>.<what>`),
 * with the words a reader sees for each. The API filters the trail by kind with this
 * list and the browser's 审计记录 page names each entry from it; a test checks that
 * every action the services write is listed here. Pure, so that the page can bundle it.
 */

export const AUDIT_KINDS = ['targets', 'submission', 'material', 'review', 'run', 'rubric', 'cycle', 'note', 'session', 'user', 'access'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_WORDS: Readonly<Record<AuditKind, string>> = {
  targets: '目标备案',
  submission: '填报',
  material: '附件',
  review: '审核',
  run: '评分',
  rubric: '考核细则',
  cycle: '考核周期',
  note: '评估意见',
  session: '登录与退出',
  user: '用户',
  access: '越权访问',
};

export const AUDIT_ACTION_WORDS: Readonly<Record<string, string>> = {
  'targets.file': '备案目标',
  'targets.approve': '批准目标',
  'targets.return': '退回目标',
  'submission.save': '保存填报',
  'submission.submit': '提交',
  'submission.reopen': '退回重填',
  'material.upload': '上传附件',
  'review.save': '保存审核',
  'run.create': '评分',
  'run.finalize': '定稿',
  'rubric.create': '上传考核细则',
  'rubric.publish': '发布考核细则',
  'cycle.create': '创建考核周期',
  'note.add': '添加评估意见',
  'session.sign_in': '令牌登录',
  'session.browser_sign_in': '浏览器登录',
  'session.sign_in_failed': '登录失败',
  'session.sign_out': '退出登录',
  'user.create': '创建用户',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.assign': '分配角色和单位',
  'user.password_reset': '重置密码',
  'user.password_change': '修改密码',
  'user.password_change_failed': '修改密码失败',
  'access.denied': '访问被拒绝（超出权限或辖区）',
};

export const isAuditKind = (text: string): text is AuditKind => (AUDIT_KINDS as readonly string[]).includes(text);

/** The kind of an action (its part before the dot), or undefined for one of no known kind. */
export function kindOfAction(action: string): AuditKind | undefined {
  const kind = action.split('.')[0] ?? '';
  return isAuditKind(kind) ? kind : undefined;
}

/** Every listed action of a kind. */
export const actionsOfKind = (kind: AuditKind): string[] => Object.keys(AUDIT_ACTION_WORDS).filter((a) => kindOfAction(a) === kind);

/** An action in words; an unlisted one as it is recorded. */
export const actionWords = (action: string): string => AUDIT_ACTION_WORDS[action] ?? action;
