/**
 * Reports of a run: the same set of files `kaohe assess` writes (src/adapters/report-set.ts),
 * made from the run's stored results.json, the rubric that scored it (by its hash) and
 * the latest finalised run of the key before, if any (for changes in rank and score).
 *
 * Who reads what follows the runs' own rule (runs.ts: a city only a finalised run) and
 * the bulletin's two editions (DESIGN.md: scores and ranks go to each unit separately):
 * examiners, auditors and admins read every file of any run; a city reads only the
 * public edition and its own unit's scorecard, of a finalised run.
 *
 * A set costs seconds to make and report.pdf seconds more in Chromium, while a run's
 * results never change once stored. So each set is made once per run, results and last
 * key's results (and status, which the draft mark depends on), kept for the last few
 * runs asked for, and shared by requests that arrive while it is being made; report.pdf
 * is printed only when first asked for.
 *
 * When the run has an uncertainty analysis (analysis/run-uncertainty.ts), the internal
 * bulletin and the workbook show the last one finished; it too is part of the set's key.
 *
 * Each unit's scorecard page also lists the evaluators' notes on that unit (notes.ts):
 * those about this run and those about no run in particular. They are part of the
 * set's key, so a note added is on the scorecard at the next request.
 */
import { type ResultsV1, type UnitResultV1, contentHash } from '../../core/index.js';
import { REPORT_FILES, chartOfPath, scorecardUnitOfPath, unitOfChartPath } from '../../report/file-names.js';
import type { ReportInput, UnitGroups } from '../../report/index.js';
import { BULLETIN_SCALE_UNITS } from '../../report/scale.js';
import { type Actor, requireReadUnit } from '../access/actor.js';
import { ServiceError, forbidden, notFound, unavailable } from '../errors.js';
import type { ServiceDeps } from '../index.js';
import { type CycleKey, cycleKeyOf, GROUP_LEVEL_WORDS, inCycle, type NoteRecord, groupUnits, groupingTellsMore, roleWords } from '../../records/index.js';
import { promiseCache } from './report-cache.js';
import type { ReportSource } from './report-source.js';
import { rubricReader } from '../rubrics/rubric-loader.js';
import { type RunSummary, summaryOf } from '../runs/run-views.js';
import { resultsFrame } from '../runs/run-pieces.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LastAnalysis } from '../analysis/run-uncertainty.js';
import type { UncertaintyFileV1 } from '../../analysis/index.js';

/** How many runs' sets are kept: one set with its PDF is about 20 MB. */
const CACHED_RUNS = 3;

/** Scorecards made one by one at scale that are kept: a page is 100 to 200 KB. */
const CACHED_SCORECARDS = 200;

/** Units whose results are read (and parsed) between two turns of the event loop. */
const UNITS_READ_AT_ONCE = 8;

/** A unit as the others' scorecards need it: everything but its items and vetoes. */
function withoutItems(unit: UnitResultV1): UnitResultV1 {
  return { ...unit, items: [], vetoes: [] };
}

/** A made set of report files (as adapters/report-set.ts makes them), less report.pdf. */
export interface RenderedSet {
  readonly files: readonly { readonly name: string; readonly content: string | Uint8Array }[];
  /** Parts that could not be made, in Chinese, each with how to fix it. */
  readonly warnings: readonly string[];
}

/** What makes the files (a port: adapters/report-renderer.ts, given by src/compose.ts); the service owns access, inputs and caching. */
export interface ReportRenderer {
  /** Every file of the set except report.pdf, made from the units' texts as the source gives them (report-source.ts). */
  set(source: ReportSource): Promise<RenderedSet>;
  /** One unit's scorecard page, as a set of the same input holds it (or, at scale, would). */
  scorecard(input: ReportInput, unitCode: string): Promise<string>;
  /** One unit's chart (chart-unit-<code>.png), as a set of the same input holds it (or, at scale, would). */
  unitChart(input: ReportInput, unitCode: string): Promise<Uint8Array>;
  /** report.pdf from report.html, dated by the results' asOf (so the same results print the same bytes). */
  pdf(html: string, asOf: string | undefined): Promise<Uint8Array>;
}

export interface ReportFile {
  readonly run: RunSummary;
  readonly data: Uint8Array;
  /** The unit's name, for a scorecard. */
  readonly unitName?: string;
}

interface MadeSet {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly warnings: readonly string[];
  /** Unit names by code, for the scorecards' file names. */
  readonly units: ReadonlyMap<string, string>;
  readonly asOf: string | undefined;
  /** The at-scale set (report/scale.ts): no scorecards, no charts per unit. */
  readonly scaled: boolean;
  /** Printed on first request; forgotten when printing fails, so a later request tries again. */
  pdf?: Promise<Uint8Array>;
}

/** One unit's entry in a run's results, read alone; undefined when the run did not score it. */
type UnitReader = (code: string) => Promise<UnitResultV1 | undefined>;

/** What a run's scorecards at scale are made from (scorecardBase). */
interface ScorecardBase {
  readonly input: ReportInput;
  readonly unit: UnitReader;
}

const EDITION_START = Buffer.from('<div class="edition">');
const EDITION_END = Buffer.from('</div>');

/**
 * A draft's bulletin says so in its masthead, since a printed draft is easily taken for
 * the result. Final runs are left byte for byte as `kaohe report` makes them. The mark is
 * spliced into the bytes: a bulletin of thousands of units is megabytes, which the server
 * would otherwise decode and encode again on its event loop.
 */
function markDraft(html: Uint8Array, runId: string): Uint8Array {
  const bytes = Buffer.from(html.buffer, html.byteOffset, html.byteLength);
  const start = bytes.indexOf(EDITION_START);
  const end = start < 0 ? -1 : bytes.indexOf(EDITION_END, start);
  if (end < 0) return html;
  return Buffer.concat([bytes.subarray(0, end), Buffer.from(` · 草稿（评分 ${runId} 尚未定稿，仅供核对）`), bytes.subarray(end)]);
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

/** An error's message as a clause: without its closing full stop, since more follows. */
function clause(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[。.]\s*$/, '');
}

/** What a city may read of a finalised run: the public edition and its own scorecard. */
function requireMayRead(actor: Actor, name: string): void {
  if (actor.role !== 'city' || name === REPORT_FILES.publicBulletin) return;
  const unit = scorecardUnitOfPath(name);
  if (unit !== undefined) return requireReadUnit(actor, unit);
  throw forbidden(`${roleWords(actor)}用户只能查看已定稿评分的公开版通报和本单位的评分表`);
}

/**
 * `lastAnalysis`: the run's last uncertainty analysis, which the internal bulletin and the
 * workbook then show (a new analysis makes a new set).
 */
export function reportService(deps: ServiceDeps, renderer: ReportRenderer = deps.reportRenderer, lastAnalysis: LastAnalysis = () => null) {
  const { stores } = deps;
  const rubrics = rubricReader(stores);
  const cache = promiseCache<MadeSet>(CACHED_RUNS);
  const bases = promiseCache<ScorecardBase>(CACHED_RUNS);
  const scorecards = promiseCache<{ readonly data: Uint8Array; readonly name: string }>(CACHED_SCORECARDS);

  /** The run, if the actor may read it: the same rule and words as runs.ts (a city only a finalised run). */
  async function readableRun(actor: Actor, key: CycleKey, runId: string): Promise<RunSummary> {
    const run = await stores.runs.summary(runId);
    if (!run || !inCycle(run, key)) throw notFound(`评分 ${runId}`);
    if (actor.role === 'city' && run.status !== 'final') throw forbidden(`${roleWords(actor)}用户只能查看已定稿的评分结果`);
    return summaryOf(run);
  }

  /** The latest finalised run of the same body's cycle of the year before, compared with in the reports. */
  async function previousRun(key: CycleKey): Promise<RunSummary | undefined> {
    const run = await stores.runs.latestFinal({ ...key, year: key.year - 1 });
    return run ? summaryOf(run) : undefined;
  }

  /**
   * A run's results read unit by unit from its stored pieces, never as one text: each
   * unit's entry parsed alone (and, at scale, let go of its traces, `slim`), with the event
   * loop free between batches, so that the server keeps answering while thousands are read.
   */
  async function readResults(runId: string, slim: (unit: UnitResultV1) => UnitResultV1): Promise<{ results: ResultsV1; unit: UnitReader }> {
    // Texts that cannot be cut (an older run stored whole with texts of another shape) are read whole, as before pieces.
    const pieces = await stores.runs.pieces(runId).catch(() => null);
    if (!pieces) {
      const record = await stores.runs.get(runId);
      if (!record) throw notFound(`评分 ${runId}`);
      const whole = JSON.parse(record.results) as ResultsV1;
      return { results: whole, unit: async (code) => whole.units.find((u) => u.code === code) };
    }
    const codes = pieces.frame.ranking.map((row) => row.code);
    const scaled = codes.length > BULLETIN_SCALE_UNITS;
    const units: UnitResultV1[] = [];
    for (let at = 0; at < codes.length; at += UNITS_READ_AT_ONCE) {
      for (const text of await pieces.results(codes.slice(at, at + UNITS_READ_AT_ONCE))) {
        const unit = JSON.parse(text) as UnitResultV1;
        units.push(scaled ? slim(unit) : unit);
      }
      // A read the reader answers from its cache never leaves the loop: give the loop a turn.
      await yieldToLoop();
    }
    const unit: UnitReader = async (code) => {
      if (!codes.includes(code)) return undefined;
      const [text] = await pieces.results([code]);
      return text === undefined ? undefined : (JSON.parse(text) as UnitResultV1);
    };
    return { results: { ...resultsFrame(pieces.frame), units }, unit };
  }

  /**
   * A run's results as the frame and its units' texts, read a few at a time as the renderer
   * takes them (report-source.ts): the set is made from these, parsed in the renderer's process.
   */
  async function readTexts(runId: string): Promise<{ frame: ResultsV1; codes: readonly { readonly code: string; readonly name: string }[]; texts: AsyncIterable<readonly string[]> }> {
    const pieces = await stores.runs.pieces(runId).catch(() => null);
    if (!pieces) {
      // An older run stored whole: small, parsed here as before pieces.
      const { results } = await readResults(runId, (u) => u);
      const texts = results.units.map((u) => JSON.stringify(u));
      return { frame: { ...results, units: [] }, codes: results.units, texts: (async function* () { yield texts; })() };
    }
    const codes = pieces.frame.ranking.map((row) => row.code);
    async function* texts(): AsyncIterable<readonly string[]> {
      for (let at = 0; at < codes.length; at += UNITS_READ_AT_ONCE) yield await pieces!.results(codes.slice(at, at + UNITS_READ_AT_ONCE));
    }
    return { frame: resultsFrame(pieces.frame), codes: pieces.frame.ranking, texts: texts() };
  }

  /** The notes a run's scorecards show: about this run, or about no run in particular. */
  async function notesFor(run: RunSummary): Promise<NoteRecord[]> {
    return (await stores.notes.list(cycleKeyOf(run))).filter((n) => n.runId === undefined || n.runId === run.runId);
  }

  /**
   * Each unit's city, when the run's units are counties of several cities: the reports then
   * rank them within their cities too. Units the tree does not hold leave the reports ungrouped.
   */
  function cityGroups(units: readonly { readonly code: string }[]): UnitGroups | undefined {
    const grouped = groupUnits(
      deps.unitTree.tree,
      units.map((u) => u.code),
      'city',
    );
    if (!grouped.ok || !groupingTellsMore(grouped.groupOf)) return undefined;
    return { title: GROUP_LEVEL_WORDS.city, of: Object.fromEntries(grouped.groupOf) };
  }

  async function make(run: RunSummary, previous: RunSummary | undefined, notes: readonly NoteRecord[], uncertainty: UncertaintyFileV1 | undefined): Promise<MadeSet> {
    const [now, before, rubric] = await Promise.all([readTexts(run.runId), previous && readTexts(previous.runId), rubrics.byHash(run.rubricHash)]);
    const groups = cityGroups(now.codes);
    const scaled = now.codes.length > BULLETIN_SCALE_UNITS;
    const set = await renderer.set({
      frame: {
        results: now.frame,
        rubric,
        ...(before ? { previous: before.frame } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        ...(groups ? { groups } : {}),
        ...(uncertainty ? { uncertainty } : {}),
      },
      results: now.texts,
      ...(before ? { previous: before.texts } : {}),
      slim: scaled,
    });
    const files = new Map<string, Uint8Array>();
    for (const f of set.files) {
      const bulletin = f.name === REPORT_FILES.bulletin || f.name === REPORT_FILES.publicBulletin;
      files.set(f.name, bulletin && run.status === 'draft' ? markDraft(bytesOf(f.content), run.runId) : bytesOf(f.content));
    }
    return { files, warnings: set.warnings, units: new Map(now.codes.map((u) => [u.code, u.name])), asOf: now.frame.asOf, scaled };
  }

  /**
   * What every scorecard of a run at scale is made from: every unit without its items (a
   * scorecard reads of the others their names, ranks, totals and sections), last year's the
   * same, the rubric, the notes and the groups; and the run's pieces, to read its own unit whole.
   */
  async function scorecardBase(run: RunSummary, previous: RunSummary | undefined, notes: readonly NoteRecord[]): Promise<ScorecardBase> {
    const [{ results, unit }, before, rubric] = await Promise.all([
      readResults(run.runId, withoutItems),
      previous && readResults(previous.runId, withoutItems),
      rubrics.byHash(run.rubricHash),
    ]);
    const groups = cityGroups(results.units);
    return {
      input: { results, rubric, ...(before ? { previous: before.results } : {}), ...(notes.length > 0 ? { notes } : {}), ...(groups ? { groups } : {}) },
      unit,
    };
  }

  /** How many units a run scored, from its frame (its units' results are not read). */
  async function unitCount(runId: string): Promise<number> {
    const pieces = await stores.runs.pieces(runId).catch(() => null);
    // A run whose texts cannot be cut is an older, small one.
    return pieces?.frame.ranking.length ?? 0;
  }

  /** One unit's scorecard of a run at scale, made when first asked for (the set does not hold them). */
  async function scorecardAtScale(setKey: string, run: RunSummary, previous: RunSummary | undefined, notes: readonly NoteRecord[], unit: string): Promise<ReportFile> {
    const page = await scorecards.get(`${setKey}|${unit}`, async () => {
      const base = await bases.get(setKey, () => scorecardBase(run, previous, notes));
      const whole = await base.unit(unit);
      if (!whole) throw notFound(`评分 ${run.runId} 中单位 ${unit} 的评分表`);
      const results = { ...base.input.results, units: base.input.results.units.map((u) => (u.code === unit ? whole : u)) };
      return { data: bytesOf(await renderer.scorecard({ ...base.input, results }, unit)), name: whole.name };
    });
    return { run, data: page.data, unitName: page.name };
  }

  /**
   * One unit's chart of a run at scale, made when first asked for and kept like a scorecard:
   * the set has none per unit, while a unit's chart is what a reader links or saves of its scorecard.
   */
  async function unitChartAtScale(setKey: string, run: RunSummary, previous: RunSummary | undefined, notes: readonly NoteRecord[], unit: string): Promise<ReportFile> {
    const chart = await scorecards.get(`${setKey}|chart|${unit}`, async () => {
      const base = await bases.get(setKey, () => scorecardBase(run, previous, notes));
      const own = base.input.results.units.find((u) => u.code === unit);
      if (!own) throw notFound(`评分 ${run.runId} 中单位 ${unit} 的统计图表`);
      const png = await renderer.unitChart(base.input, unit).catch((error: unknown) => {
        // A server without the CJK font draws no chart at all: 'unavailable' (503), with what to install.
        throw unavailable(`无法生成统计图表：${clause(error)}`);
      });
      return { data: png, name: own.name };
    });
    return { run, data: chart.data };
  }

  function pdfOf(made: MadeSet): Promise<Uint8Array> {
    if (made.pdf === undefined) {
      const bulletin = made.files.get(REPORT_FILES.bulletin) ?? new Uint8Array();
      const html = Buffer.from(bulletin.buffer, bulletin.byteOffset, bulletin.byteLength).toString('utf8');
      const printing = renderer.pdf(html, made.asOf).catch((error: unknown) => {
        made.pdf = undefined;
        // A server without Chromium or the CJK font cannot print until someone installs them: 'unavailable' (503), whose message says what to install.
        throw unavailable(`无法生成 PDF 版通报：${clause(error)}。HTML、Excel 和 CSV 格式不受影响。`);
      });
      made.pdf = printing;
    }
    return made.pdf;
  }

  function missingChart(made: MadeSet, chart: string): ServiceError {
    const charts = [...made.files.keys()].map(chartOfPath).filter((c) => c !== undefined);
    // No chart at all means they could not be drawn (the set's warning says why), not a wrong name.
    if (charts.length === 0) return unavailable(made.warnings.join('；') || '本次评分没有统计图表：服务器无法绘图，请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk）后重试');
    const shared = charts.filter((c) => !c.startsWith('chart-unit-'));
    const perUnit = charts.length > shared.length ? '，以及各单位的 chart-unit-<单位代码>.png' : '';
    return new ServiceError('not_found', `没有统计图表 ${chart}；本次评分的图表有：${shared.join('、')}${perUnit}`);
  }

  return {
    /**
     * One file of the run's report set by its name in the set ("report.html",
     * "charts/chart-ranking.png", "scorecards/620100.html", "report.pdf", …).
     */
    async file(actor: Actor, key: CycleKey, runId: string, name: string): Promise<ReportFile> {
      requireMayRead(actor, name);
      const run = await readableRun(actor, key, runId);
      const [previous, notes] = await Promise.all([previousRun(key), notesFor(run)]);
      const analysis = lastAnalysis(run);
      const setKey = [
        run.runId,
        run.resultsHash,
        previous?.resultsHash ?? 'none',
        run.status,
        notes.length > 0 ? contentHash(notes) : 'no-notes',
        analysis?.id ?? 'no-uncertainty',
      ].join('|');
      const unit = scorecardUnitOfPath(name);
      // At scale a scorecard is not in the set: it is made alone, without waiting for the set.
      const chartUnit = unitOfChartPath(name);
      if ((unit ?? chartUnit) !== undefined && (await unitCount(run.runId)) > BULLETIN_SCALE_UNITS) {
        if (unit !== undefined) return scorecardAtScale(setKey, run, previous, notes, unit);
        if (chartUnit !== undefined) return unitChartAtScale(setKey, run, previous, notes, chartUnit);
      }
      const made = await cache.get(setKey, () => make(run, previous, notes, analysis?.file()));
      if (name === REPORT_FILES.pdf) return { run, data: await pdfOf(made) };
      const data = made.files.get(name);
      if (data !== undefined) return { run, data, ...(unit !== undefined ? { unitName: made.units.get(unit) } : {}) };
      const chart = chartOfPath(name);
      if (chart !== undefined) throw missingChart(made, chart);
      if (unit !== undefined) throw notFound(`评分 ${runId} 中单位 ${unit} 的评分表`);
      throw notFound(`评分 ${runId} 的 ${name}`);
    },
  };
}
