/** kaohe users add: a user of the service, with a password and a first API token shown once. */
import { failureMessage, openCliServices } from '../service-connection.js';
import { ROLES, type Role, roleWords } from '../../records/index.js';
import { parse, required } from '../args.js';
import { type Command, UsageError } from '../command.js';

/** Who the command line acts as in the audit trail. */
export const CLI_ACTOR = 'cli';

export const usersAdd: Command = {
  name: 'users add',
  summary: '创建用户，打印其密码和 API 令牌（只显示一次）',
  help: `用法：kaohe users add --username <用户名> --role <examiner|city|auditor|admin> [--unit <单位代码>] [--password <密码>]

创建一个用户，并打印其密码和一个 API 令牌。二者只显示这一次：数据库中只保存加盐哈希。
  --role      examiner（考核组）、city（单位填报人员：市州、县区等）、auditor（第三方评价机构）或 admin（管理员）
  --unit      填报人员所属单位的行政区划代码，例如 620100 或 620102（只用于 city，且必填）
  --password  不给出时自动生成

调用 API 时使用令牌：Authorization: Bearer <令牌>；也可用 POST /api/session 以用户名和密码换取新令牌。
在浏览器中以用户名和密码登录时，首次登录须先修改密码（至少 10 个字符，含小写字母、大写字母、数字、其他符号中的至少三类）。
数据库：MONGODB_URI；未设置时使用本地数据库（未运行时自动启动，见 kaohe db status --help）。`,
  async run(argv) {
    const { values } = parse(argv, { username: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, password: { type: 'string' } });
    const username = required(values.username, '--username');
    const role = required(values.role, '--role');
    if (!ROLES.includes(role as Role)) throw new UsageError(`--role 只能是 ${ROLES.join('、')} 之一，而不是“${role}”`);
    // The service says a city needs a unit; here it can also say which option gives one.
    if (role === 'city' && values.unit === undefined) {
      process.stderr.write('kaohe users add: 单位填报人员（city）必须用 --unit 指定所属单位，例如 --unit 620100\n');
      return 1;
    }
    let opened;
    try {
      opened = await openCliServices({ bootstrap: true });
      const { user, password, token } = await opened.services.session.addUser(
        { username, role: role as Role, unitCode: values.unit, password: values.password },
        CLI_ACTOR,
      );
      const unit = user.unitCode === undefined ? '' : `，单位 ${user.unitCode}`;
      process.stdout.write(
        `已创建用户 ${user.username}（${roleWords(user)}${unit}）\n密码：${password}\nAPI 令牌：${token}\n` +
          '密码和令牌只显示这一次，请妥善保存（数据库中只保存其加盐哈希）。\n',
      );
      return 0;
    } catch (error) {
      const message = failureMessage(error);
      if (message === null) throw error;
      process.stderr.write(`kaohe users add: ${message}\n`);
      return 1;
    } finally {
      await opened?.close();
    }
  },
};
