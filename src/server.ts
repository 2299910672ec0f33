#!/usr/bin/env node
/**
 * The composition root: configuration → database → services → HTTP. `npm start`.
 */
import { systemClock } from './adapters/clock.js';
import { initialRubricSources, initialUnits } from './adapters/files/bootstrap-data.js';
import { openDatabase } from './adapters/mongo/database.js';
import { engineVersion } from './package-info.js';
import { createApp } from './api/app.js';
import { loadConfig } from './config.js';
import { bootstrap } from './services/bootstrap.js';
import { housekeepingLine, keepSettling, settleInterrupted } from './services/housekeeping.js';
import { createServices } from './services/index.js';

const config = loadConfig();
const { stores, uri, local } = await openDatabase(config);
await bootstrap(stores, systemClock, initialUnits(), initialRubricSources());
// Writes a crash interrupted are completed or rolled back before the first request, then every minute.
const settled = housekeepingLine(await settleInterrupted(stores, systemClock));
if (settled !== null) console.log(settled);
keepSettling(stores, systemClock, (line) => console.log(line));
const services = createServices({ stores, clock: systemClock, engineVersion, maxUploadBytes: config.maxUploadBytes });
const app = createApp(services, { maxUploadBytes: config.maxUploadBytes });
const server = app.listen(config.port, () => {
  const where = local ? `本地 FerretDB（${uri}，数据在 ${config.dataDir}）` : 'MONGODB_URI';
  console.log(`Kaohe ${engineVersion} 已启动：http://localhost:${config.port}/api/health  数据库：${where}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
