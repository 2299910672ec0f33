/** kaohe db start|stop|status: the local FerretDB under data/ that Kaohe uses when MONGODB_URI is not set. */
import { type LocalDatabase, start, status, stop } from '../../adapters/mongo/ferretdb.js';
import { type Config, loadConfig } from '../../config.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

const WHERE = `本地数据库为 FerretDB（SQLite 后端），仅监听 127.0.0.1，不发送遥测数据。
  端口      环境变量 KAOHE_FERRETDB_PORT，默认 27117
  数据目录  环境变量 KAOHE_DATA_DIR，默认 <Kaohe 安装目录>/data
设置了 MONGODB_URI 时，Kaohe 使用该数据库，不使用本地数据库。`;

function described(db: LocalDatabase): string {
  return `${db.uri}（进程 ${db.pid}，数据在 ${db.dataDir}）`;
}

function configOrExit(): Config | number {
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`kaohe db: ${(error as Error).message}\n`);
    return 1;
  }
}

function noteExternal(config: Config): void {
  if (config.mongoUri !== undefined) process.stderr.write('提示：已设置 MONGODB_URI，Kaohe 使用该数据库，而不是本地数据库。\n');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const dbStart: Command = {
  name: 'db start',
  summary: '启动本地数据库（FerretDB；已在运行时不重复启动）',
  help: `用法：kaohe db start

在后台启动本地数据库并打印其连接地址；已在运行时只打印地址（可重复执行）。
${WHERE}

需要先安装 FerretDB：bash scripts/install-ferretdb.sh`,
  async run(argv) {
    parse(argv, {});
    const config = configOrExit();
    if (typeof config === 'number') return config;
    noteExternal(config);
    const running = status(config.dataDir);
    if (running) {
      process.stdout.write(`本地数据库已在运行：${described(running)}\n`);
      return 0;
    }
    try {
      const db = await start({ dataDir: config.dataDir, port: config.ferretdbPort, detached: true });
      process.stdout.write(`本地数据库已启动：${described(db)}\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`kaohe db start: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

export const dbStop: Command = {
  name: 'db stop',
  summary: '停止本地数据库',
  help: `用法：kaohe db stop

停止 kaohe db start（或 npm start）启动的本地数据库，等它退出后返回。数据保留在数据目录中。
${WHERE}`,
  async run(argv) {
    parse(argv, {});
    const config = configOrExit();
    if (typeof config === 'number') return config;
    const running = status(config.dataDir);
    if (!running || !stop(config.dataDir)) {
      process.stdout.write('本地数据库未在运行。\n');
      return 0;
    }
    // Wait for the process to go, so that a `db start` right after finds the port free.
    const deadline = Date.now() + 15_000;
    while (isAlive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(running.pid)) {
      process.stderr.write(`kaohe db stop: 进程 ${running.pid} 在 15 秒内没有退出\n`);
      return 1;
    }
    process.stdout.write(`本地数据库已停止（原地址 ${running.uri}）。\n`);
    return 0;
  },
};

export const dbStatus: Command = {
  name: 'db status',
  summary: '本地数据库是否在运行，及其连接地址',
  help: `用法：kaohe db status

在运行时打印连接地址，退出码为 0；未运行时退出码为 1。
${WHERE}`,
  run(argv) {
    parse(argv, {});
    const config = configOrExit();
    if (typeof config === 'number') return config;
    noteExternal(config);
    const running = status(config.dataDir);
    if (!running) {
      process.stdout.write(`本地数据库未在运行（数据目录 ${config.dataDir}）。用 kaohe db start 启动。\n`);
      return 1;
    }
    process.stdout.write(`本地数据库正在运行：${described(running)}\nMONGODB_URI=${running.uri}\n`);
    return 0;
  },
};
