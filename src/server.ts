#!/usr/bin/env node
/** `npm start`: configuration → the service (compose.ts) → HTTP. */
import { systemClock } from './adapters/clock.js';
import { createApp } from './api/app.js';
import { openService } from './compose.js';
import { loadConfig } from './config.js';
import path from 'node:path';
import { engineVersion, packageRoot } from './package-info.js';
import { housekeepingLine, keepSettling, settleInterrupted } from './services/audit/housekeeping.js';

const config = loadConfig();
const { stores, services, where } = await openService(config, { bootstrap: true });
// Writes a crash interrupted are completed or rolled back before the first request, then every minute.
const settled = housekeepingLine(await settleInterrupted(stores, systemClock));
if (settled !== null) console.log(settled);
keepSettling(stores, systemClock, (line) => console.log(line));
// The web app as `npm run build` writes it; behind a TLS-terminating proxy, KAOHE_TRUST_PROXY makes req.secure and req.ip the client's.
const app = createApp(services, { maxUploadBytes: config.maxUploadBytes, webDir: path.join(packageRoot, 'dist', 'web'), trustProxy: config.trustProxy });
// A newcomer's first start has no one to sign in as: say how to get the demo accounts.
const noUsersYet = (await stores.users.list()).length === 0;
const server = app.listen(config.port, () => {
  console.log(`Kaohe ${engineVersion} 已启动：http://localhost:${config.port}/  接口：/api  数据库：${where}`);
  if (noUsersYet) console.log('尚无用户：在另一个终端运行 npm run seed，创建各角色的演示账号（密码随即打印），然后在浏览器中登录。');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
