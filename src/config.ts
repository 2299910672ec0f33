/**
 * Configuration from the environment, validated once at start-up. Without
 * MONGODB_URI, Kaohe uses the local FerretDB it manages under data/.
 */
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from './package-info.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI 应以 mongodb:// 或 mongodb+srv:// 开头')
    .optional(),
  KAOHE_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('kaohe'),
  KAOHE_DATA_DIR: z.string().min(1).optional(),
  KAOHE_FERRETDB_PORT: z.coerce.number().int().min(1).max(65535).default(27117),
  KAOHE_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  KAOHE_TRUST_PROXY: z.string().min(1).optional(),
  KAOHE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  KAOHE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
});

export interface Config {
  readonly port: number;
  /** The database to use: MONGODB_URI, or the local FerretDB. */
  readonly mongoUri: string | undefined;
  readonly dbName: string;
  readonly dataDir: string;
  readonly ferretdbPort: number;
  readonly maxUploadBytes: number;
  /**
   * Express's `trust proxy` (KAOHE_TRUST_PROXY: "loopback", an address, a hop count …):
   * behind a TLS-terminating reverse proxy, which proxies to believe about the client's
   * address (sign-in throttling, the audit log) and TLS (the cookie's Secure flag, HSTS).
   */
  readonly trustProxy: string | undefined;
  /** A browser session ends after this long without a request (KAOHE_SESSION_IDLE_MINUTES, default 30 min)… */
  readonly sessionIdleMs: number;
  /** …and this long after sign-in, however busy (KAOHE_SESSION_MAX_HOURS, default 12 h). */
  readonly sessionMaxMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`环境变量有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    mongoUri: e.MONGODB_URI,
    dbName: e.KAOHE_DB_NAME,
    dataDir: e.KAOHE_DATA_DIR ?? path.join(packageRoot, 'data'),
    ferretdbPort: e.KAOHE_FERRETDB_PORT,
    maxUploadBytes: e.KAOHE_MAX_UPLOAD_BYTES,
    trustProxy: e.KAOHE_TRUST_PROXY,
    sessionIdleMs: e.KAOHE_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.KAOHE_SESSION_MAX_HOURS * 3_600_000,
  };
}
