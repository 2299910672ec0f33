/**
 * The 2015 action plan (seeds/…zh-Hans.txt) read as the rubric's authors read it:
 * four parts 一 to 四, 24 numbered tasks, each ending with its lead (牵头) and
 * cooperating (配合) departments in parentheses — or with "按职责分工负责", where
 * every department named leads.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

export const RECEIVED_SEED = fromRoot('seeds', 'gansu-2015-quality-action-plan.txt');
export const SIMPLIFIED_SEED = fromRoot('seeds', 'gansu-2015-quality-action-plan.zh-Hans.txt');

export interface PlanTask {
  number: number;
  /** 1 to 4: the part (一 to 四) the task stands under. */
  part: number;
  title: string;
  lead: string[];
  cooperate: string[];
}

export interface ActionPlan {
  parts: { number: number; title: string }[];
  tasks: PlanTask[];
}

const DIGITS = '一二三四五六七八九';

/** 一 → 1, 十 → 10, 十四 → 14, 二十 → 20, 二十四 → 24. */
export function chineseNumber(text: string): number {
  const ten = text.indexOf('十');
  if (ten < 0) return DIGITS.indexOf(text) + 1;
  const tens = ten === 0 ? 1 : DIGITS.indexOf(text.slice(0, ten)) + 1;
  const units = ten === text.length - 1 ? 0 : DIGITS.indexOf(text.slice(ten + 1)) + 1;
  return tens * 10 + units;
}

function departments(list: string): string[] {
  return list
    .split(/[、,，]/)
    .map((d) => d.trim())
    .filter(Boolean);
}

/** The closing parenthesis of a task: who leads and who cooperates. */
export function taskDepartments(parenthesis: string): { lead: string[]; cooperate: string[] } {
  const shared = /^(.*)按职责分工负责$/.exec(parenthesis);
  if (shared) return { lead: departments(shared[1] as string), cooperate: [] };
  const led = /^(.*?)牵头(?:[,，](.*)配合)?$/.exec(parenthesis);
  if (!led) throw new Error(`cannot read the departments in "(${parenthesis})"`);
  return { lead: departments(led[1] as string), cooperate: departments(led[2] ?? '') };
}

export function readActionPlan(file = SIMPLIFIED_SEED): ActionPlan {
  const plan: ActionPlan = { parts: [], tasks: [] };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const part = /^([一二三四五六七八九十]+)、(.+)$/.exec(line);
    if (part) {
      plan.parts.push({ number: chineseNumber(part[1] as string), title: (part[2] as string).trim() });
      continue;
    }
    const task = /^[(（]([一二三四五六七八九十]+)[)）]([^。]+)。.*[(（]([^()（）]+)[)）]\s*$/.exec(line);
    if (task) {
      plan.tasks.push({
        number: chineseNumber(task[1] as string),
        part: plan.parts.length,
        title: task[2] as string,
        ...taskDepartments(task[3] as string),
      });
    }
  }
  return plan;
}
