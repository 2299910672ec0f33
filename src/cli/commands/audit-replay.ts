/** kaohe audit replay (being written). */
import type { Command } from '../command.js';

export const auditReplay: Command = {
  name: 'audit replay',
  summary: '（开发中）',
  help: '用法：kaohe audit replay',
  run() {
    process.stderr.write('kaohe audit replay: 尚未实现\n');
    return 1;
  },
};
