/** kaohe audit sample (being written). */
import type { Command } from '../command.js';

export const auditSample: Command = {
  name: 'audit sample',
  summary: '（开发中）',
  help: '用法：kaohe audit sample',
  run() {
    process.stderr.write('kaohe audit sample: 尚未实现\n');
    return 1;
  },
};
