/** kaohe audit diff (being written). */
import type { Command } from '../command.js';

export const auditDiff: Command = {
  name: 'audit diff',
  summary: '（开发中）',
  help: '用法：kaohe audit diff',
  run() {
    process.stderr.write('kaohe audit diff: 尚未实现\n');
    return 1;
  },
};
