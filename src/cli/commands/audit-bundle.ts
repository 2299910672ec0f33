/** kaohe audit bundle (being written). */
import type { Command } from '../command.js';

export const auditBundle: Command = {
  name: 'audit bundle',
  summary: '（开发中）',
  help: '用法：kaohe audit bundle',
  run() {
    process.stderr.write('kaohe audit bundle: 尚未实现\n');
    return 1;
  },
};
