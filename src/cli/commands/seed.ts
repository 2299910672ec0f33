/**
 * kaohe seed: demo data so that a newcomer can try every role at once: users of every
 * role (a city user for each unit), the 2015 cycle on the published Gansu rubric, and
 * each unit's demo evidence from seeds/evidence/2015 as its submitted submission, with
 * the examiner's part of it (examiner-filled values, findings, adjustments) as reviews.
 * Below it, the cascade: 兰州市's own 2015 cycle over its 8 counties on its own rubric
 * (rubrics/lanzhou-2015.json), run by 兰州市's examiner, with a clerk per county and
 * the counties' evidence from seeds/evidence/2015-620100.
 * Running it again adds only what is missing, and gives existing users a new token.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliServices, failureMessage, openCliServices } from '../service-connection.js';
import { fixedClock } from '../../adapters/clock.js';
import { type Rubric, parseEvidence, parseRubric } from '../../core/index.js';
import { type Actor, actorOf } from '../../services/access/actor.js';
import { type Services } from '../../services/index.js';
import { composeServices } from '../../compose.js';
import { type CycleKey, cycleIdOf, type Role, roleWords, splitEvidence } from '../../records/index.js';
import { cycleName, findCycle } from '../../services/cycles/cycle-lookup.js';
import { packageRoot } from '../../package-info.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { FIRST_GANSU_RUBRIC, RUBRICS_DIR, defaultEvidenceDir } from '../defaults.js';
import { CLI_ACTOR } from './users.js';

const YEAR = 2015;
/** The province's cycle of the year (records/cycle-key.ts). */
const PROVINCE_CYCLE: CycleKey = { year: YEAR };
/** The city whose county cycle the demo seeds, and its cycle. */
const CITY = '620100';
const CITY_CYCLE: CycleKey = { year: YEAR, body: CITY };
const CITY_RUBRIC = path.join(RUBRICS_DIR, 'lanzhou-2015.json');
const CITY_EVIDENCE = path.join(packageRoot, 'seeds', 'evidence', `${YEAR}-${CITY}`);
const CITY_CONTACT = '兰州市质量发展领导小组办公室（设在市质量技术监督局），联系电话见年度考核通知';
/** The deadline Gansu's 2015 assessment would have had; cities resubmit after an examiner reopens. */
const DEADLINE = '2016-03-31T23:59:59+08:00';
/** When the demo units are taken to have submitted: a week before the deadline. */
const SUBMITTED_AT = '2016-03-24T02:00:00.000Z';
/** Whom the demo's templates name; a province would give its office's people and telephone numbers. */
const CONTACT = '省质量发展领导小组办公室（设在省质量技术监督局），联系电话见年度考核通知';

interface SeededUser {
  readonly username: string;
  readonly role: Role;
  readonly unitCode?: string;
  /** Shown for a user created now; an existing user keeps the password it has. */
  readonly password?: string;
  readonly token: string;
}

async function seedUser(app: CliServices, username: string, role: Role, unitCode?: string): Promise<{ seeded: SeededUser; actor: Actor }> {
  const existing = await app.stores.users.findByUsername(username);
  if (!existing) {
    const { user, password, token } = await app.services.session.addUser({ username, role, unitCode }, CLI_ACTOR);
    return { seeded: { username, role, unitCode, password, token }, actor: actorOf(user) };
  }
  // Passwords cannot be shown again; a fresh token can be issued (the old ones stay valid).
  const token = await app.services.session.newToken(username);
  return { seeded: { username, role: existing.role, unitCode: existing.unitCode, token }, actor: actorOf(existing) };
}

async function seedCycle(app: CliServices, examiner: Actor, rubric: Rubric, key: CycleKey, contact: string): Promise<string> {
  const tree = app.services.deps.unitTree.tree;
  const name = ` ${cycleName(tree, key)}考核（编号 ${cycleIdOf(key)}）`;
  const cycle = await findCycle(app.stores, tree, key);
  if (cycle) return cycle.rubricHash === rubric.hash ? `${name}已存在，未改动` : `${name}已存在（使用另一份细则 ${cycle.rubricHash}），未改动`;
  const created = await app.services.cycles.create(examiner, {
    year: YEAR,
    rubric: rubric.hash,
    deadline: DEADLINE,
    contact,
    ...(key.body === undefined ? {} : { body: key.body }),
  });
  return `已创建${name}：${rubric.title}，${created.units.length} 个被考核单位，提交截止 ${DEADLINE}`;
}

/**
 * One unit's demo evidence, through the services as a city and an examiner would give
 * it: the unit's part saved and submitted as its draft, the examiner's part as its
 * review. The services run on a clock set before the deadline (SUBMITTED_AT), so the
 * demo submissions are dated as they would have been in March 2016.
 */
async function seedUnit(services: Services, key: CycleKey, rubric: Rubric, file: string, city: Actor, examiner: Actor): Promise<string> {
  const evidence = parseEvidence(JSON.parse(readFileSync(file, 'utf8')));
  const code = evidence.unit.code;
  const { submitted, review } = splitEvidence(rubric, evidence.items ?? {});
  const done: string[] = [];
  const existing = await services.submissions.get(city, key, code);
  if (existing.record === null) {
    const saved = await services.submissions.save(
      city,
      key,
      code,
      { items: submitted, ...(evidence.selfTotal === undefined ? {} : { selfTotal: evidence.selfTotal }) },
      undefined,
    );
    await services.submissions.submit(city, key, code, saved.record?.version);
    done.push(`已提交 ${Object.keys(submitted).length} 项`);
  }
  if (Object.keys(review).length > 0 && !(await services.deps.stores.reviews.get(key, code))) {
    await services.reviews.save(examiner, key, code, review, undefined);
    done.push(`考核组审核 ${Object.keys(review).length} 项`);
  }
  return `${code} ${evidence.unit.name}：${done.length > 0 ? done.join('，') : '已存在，未改动'}`;
}

/** Every unit's demo evidence of a directory (one file per unit code), through the services. */
async function seedEvidence(
  services: Services,
  key: CycleKey,
  rubric: Rubric,
  dir: string,
  clerks: ReadonlyMap<string, Actor>,
  examiner: Actor,
): Promise<void> {
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const code = path.basename(name, '.json');
    const clerk = clerks.get(code);
    if (clerk === undefined) throw new Error(`${name}: 单位 ${code} 不在单位名录中`);
    process.stdout.write(`  ${await seedUnit(services, key, rubric, path.join(dir, name), clerk, examiner)}\n`);
  }
}

function printUsers(users: readonly SeededUser[]): void {
  process.stdout.write(
    '\n演示用户（密码和令牌只显示这一次；已存在的用户密码不变，另发新令牌）。\n' +
      '在浏览器中打开 http://localhost:8080 ，以用户名和下面的密码登录；首次登录须先设置自己的新密码。\n',
  );
  for (const u of users) {
    const label = roleWords(u);
    const who = `${u.username}（${label}${u.unitCode === undefined ? '' : ` ${u.unitCode}`}）`;
    process.stdout.write(`  ${who}\n    密码：${u.password ?? '（已存在，未改动）'}\n    令牌：${u.token}\n`);
  }
  const examiner = users.find((u) => u.username === 'examiner');
  const cityExaminer = users.find((u) => u.username === `examiner-${CITY}`);
  if (examiner) {
    process.stdout.write(
      `\n试一试（先运行 npm start）：\n  curl -H "Authorization: Bearer ${examiner.token}" http://localhost:8080/api/cycles/${YEAR}/submissions\n` +
        `  curl -X POST -H "Authorization: Bearer ${examiner.token}" http://localhost:8080/api/cycles/${YEAR}/runs\n`,
    );
  }
  if (cityExaminer) {
    process.stdout.write(
      `兰州市考核组对所辖县区的考核（只能看到兰州市及以下的考核）：\n` +
        `  curl -X POST -H "Authorization: Bearer ${cityExaminer.token}" http://localhost:8080/api/cycles/${YEAR}-${CITY}/runs\n`,
    );
  }
}

/** Shell variables for the tokens (KAOHE_EXAMINER, KAOHE_CITY_620100, …), for `source` and the README's curl steps. */
function tokenExports(users: readonly SeededUser[]): string {
  const name = (u: SeededUser) => `KAOHE_${u.role === 'city' ? `CITY_${u.unitCode}` : u.username.toUpperCase().replace(/-/g, '_')}`;
  return `${users.map((u) => `export ${name(u)}='${u.token}'`).join('\n')}\n`;
}

export const seedCommand: Command = {
  name: 'seed',
  summary: '载入演示数据：各角色用户、2015 年度省级考核与兰州市对所辖县区的考核、各单位的提交与审核，并打印令牌',
  help: `用法：kaohe seed [--env <文件>]

在所配置的数据库中载入演示数据，让新用户可以马上以每种身份试用：
  用户      examiner（考核组）、admin（管理员）、auditor（第三方评价机构），
            以及每个单位一个市州用户 city-<单位代码>（例如 city-620100）
  考核      ${YEAR} 年度省级考核（编号 ${YEAR}），使用已发布的甘肃省细则（rubrics/gansu-2015.json），
            考核 14 个市州，截止 ${DEADLINE}；
            以及逐级考核：兰州市对所辖 8 个县区的 ${YEAR} 年度考核（编号 ${YEAR}-${CITY}），
            使用兰州市细则（rubrics/lanzhou-2015.json），由兰州市考核组 examiner-${CITY} 组织，
            每个县区一个用户 city-<单位代码>（例如 city-620102）
  提交      seeds/evidence/${YEAR}/ 和 seeds/evidence/${YEAR}-${CITY}/ 中每个单位的证据：单位填报的部分
            作为已提交的材料，考核组的部分（考核组填写的字段、实地核查情况、得分调整）作为审核记录
最后打印每个用户的密码（新建时）和 API 令牌。

可重复执行：已有的内容不改动，只补上缺少的；已存在的用户另发一个新令牌。
--env <文件>  另把令牌写成 shell 变量（KAOHE_EXAMINER、KAOHE_AUDITOR、KAOHE_ADMIN、
              KAOHE_EXAMINER_620100、KAOHE_CITY_620100、KAOHE_CITY_620102 …），供 source 后在 curl 中使用。
数据库：MONGODB_URI（及 KAOHE_DB_NAME）；未设置时使用本地数据库（未运行时自动启动）。`,
  async run(argv) {
    const { values } = parse(argv, { env: { type: 'string' } });
    let app: CliServices | undefined;
    try {
      app = await openCliServices({ bootstrap: true });
      process.stdout.write(`数据库：${app.where}\n`);
      const rubric = parseRubric(JSON.parse(readFileSync(FIRST_GANSU_RUBRIC, 'utf8')));
      const users: SeededUser[] = [];
      const examiner = await seedUser(app, 'examiner', 'examiner');
      users.push(examiner.seeded, (await seedUser(app, 'admin', 'admin')).seeded, (await seedUser(app, 'auditor', 'auditor')).seeded);
      const tree = app.services.deps.unitTree.tree;
      const clerks = new Map<string, Actor>();
      // The province's cities first; the counties get their clerks once 兰州市's cycle has put them in the register.
      for (const unit of (await app.stores.units.list()).filter((u) => tree.byCode.get(u.code)?.level === 'city')) {
        const city = await seedUser(app, `city-${unit.code}`, 'city', unit.code);
        users.push(city.seeded);
        clerks.set(unit.code, city.actor);
      }
      process.stdout.write(`${await seedCycle(app, examiner.actor, rubric, PROVINCE_CYCLE, CONTACT)}\n`);
      const beforeDeadline = composeServices({ ...app.services.deps, clock: fixedClock(SUBMITTED_AT) });
      await seedEvidence(beforeDeadline, PROVINCE_CYCLE, rubric, defaultEvidenceDir(rubric), clerks, examiner.actor);

      // The cascade: 兰州市's examiners assess its counties on the city's own rubric.
      const cityRubric = parseRubric(JSON.parse(readFileSync(CITY_RUBRIC, 'utf8')));
      const cityExaminer = await seedUser(app, `examiner-${CITY}`, 'examiner', CITY);
      users.push(cityExaminer.seeded);
      process.stdout.write(`${await seedCycle(app, cityExaminer.actor, cityRubric, CITY_CYCLE, CITY_CONTACT)}\n`);
      for (const child of tree.childrenOf.get(CITY) ?? []) {
        const clerk = await seedUser(app, `city-${child.code}`, 'city', child.code);
        users.push(clerk.seeded);
        clerks.set(child.code, clerk.actor);
      }
      await seedEvidence(beforeDeadline, CITY_CYCLE, cityRubric, CITY_EVIDENCE, clerks, cityExaminer.actor);
      printUsers(users);
      if (values.env !== undefined) {
        writeFileSync(values.env, tokenExports(users), { mode: 0o600 });
        process.stdout.write(`\n令牌已写入 ${values.env}（source ${values.env} 后即可在 curl 中使用 $KAOHE_EXAMINER 等变量）\n`);
      }
      return 0;
    } catch (error) {
      const message = failureMessage(error);
      if (message === null) throw error;
      process.stderr.write(`kaohe seed: ${message}\n`);
      return 1;
    } finally {
      await app?.close();
    }
  },
};
