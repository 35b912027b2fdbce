/**
 * Spreadsheet exports of a team's hypotheses, experiments and evidence (RFC 4180, CRLF).
 * Each comes as an async stream of text chunks (for a streaming download) and as one string.
 * Trashed rows are left out: these files show what the team sees, the JSON export keeps all.
 */
import { evaluateExperiment } from "~/modules/experiments/evaluation";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { toDateOnly } from "~/utils/date-only";
import { describeCriterion, experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { db } from "~/utils/db.server";

/** Observations read per query; a team may have 100,000+. */
const PAGE = 10_000;

export const HYPOTHESES_CSV_COLUMNS = [
  "key", "statement", "product", "segment", "category", "importance", "owner", "status", "status_overridden", "evidence_strength", "experiments", "created_on",
] as const;
export const EXPERIMENTS_CSV_COLUMNS = [
  "key", "title", "hypothesis", "status", "metric", "criterion", "starts_on", "ends_on", "n", "estimate", "interval_low", "interval_high", "verdict",
] as const;
/** The evidence import's own column names, so a file (one experiment's rows) can be imported again. */
export const OBSERVATION_COLUMNS = ["observed_on", "successes", "trials", "value", "note", "source", "strength"] as const;
export const OBSERVATIONS_CSV_COLUMNS = ["experiment", ...OBSERVATION_COLUMNS] as const;

type Cell = { text: string | null } | { number: number | null } | string;

/** Free text: may come from anyone, so it is defused before a spreadsheet sees it. */
const text = (value: string | null | undefined): Cell => ({ text: value ?? null });
/** A number (or a boolean written as one) is written as is: a leading "-" is a sign, not a formula. */
const num = (value: number | null | undefined): Cell => ({ number: value ?? null });

// A spreadsheet runs a cell starting with = + - @ as a formula (tab and CR too, per OWASP);
// a leading apostrophe makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function encode(cell: Cell): string {
  let value: string;
  if (typeof cell === "string") value = cell;
  else if ("number" in cell) return cell.number === null || !Number.isFinite(cell.number) ? "" : String(cell.number);
  else if (cell.text === null) return "";
  else value = FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record with its CRLF. */
export function csvLine(cells: Cell[]): string {
  return `${cells.map(encode).join(",")}\r\n`;
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

// ---------------------------------------------------------------------------------------------

export async function* hypothesesCsvChunks(teamId: string): AsyncGenerator<string> {
  yield csvLine([...HYPOTHESES_CSV_COLUMNS]);
  const rows = await db.hypothesis.findMany({
    where: { teamId, deletedAt: null },
    orderBy: { number: "asc" },
    select: {
      number: true, statement: true, segment: true, category: true, importance: true, status: true, statusOverridden: true,
      evidenceStrength: true, createdAt: true,
      product: { select: { name: true } },
      owner: { select: { name: true } },
      _count: { select: { experiments: { where: { teamId, deletedAt: null } } } },
    },
  });
  for (const h of rows) {
    yield csvLine([
      hypothesisKey(h.number), text(h.statement), text(h.product.name), text(h.segment), h.category, num(h.importance),
      text(h.owner?.name), h.status, h.statusOverridden ? "yes" : "no", num(h.evidenceStrength), num(h._count.experiments),
      toDateOnly(h.createdAt),
    ]);
  }
}

export async function* experimentsCsvChunks(teamId: string, today = todayDateOnly()): AsyncGenerator<string> {
  yield csvLine([...EXPERIMENTS_CSV_COLUMNS]);
  const rows = await db.experiment.findMany({
    where: { teamId, deletedAt: null },
    orderBy: { number: "asc" },
    select: {
      number: true, title: true, status: true, metricName: true, metricUnit: true, metricKind: true, comparator: true, target: true,
      startsOn: true, endsOn: true, successes: true, trials: true, valueCount: true, valueSum: true, valueSumSquares: true, finalVerdict: true,
      hypothesis: { select: { number: true } },
    },
  });
  for (const e of rows) {
    const startsOn = toDateOnly(e.startsOn);
    const endsOn = toDateOnly(e.endsOn);
    // Statistics from the maintained aggregates; a concluded experiment keeps the verdict frozen at conclusion.
    const result = evaluateExperiment({ ...e, startsOn, endsOn }, today);
    const verdict = e.status === "CONCLUDED" && e.finalVerdict ? e.finalVerdict.toLowerCase() : result.verdict;
    yield csvLine([
      experimentKey(e.number), text(e.title), hypothesisKey(e.hypothesis.number), e.status, text(e.metricName),
      text(describeCriterion(e.metricKind, e.comparator, e.target, e.metricUnit)), startsOn, endsOn,
      num(result.n), num(result.estimate), num(result.interval?.low), num(result.interval?.high), verdict,
    ]);
  }
}

/**
 * Every observation not in the trash, oldest first per experiment. With `experimentNumber`, only
 * that experiment's rows and no experiment column: exactly what its evidence import accepts.
 */
export async function* observationsCsvChunks(teamId: string, options: { experimentNumber?: number } = {}): AsyncGenerator<string> {
  const single = options.experimentNumber !== undefined;
  yield csvLine(single ? [...OBSERVATION_COLUMNS] : [...OBSERVATIONS_CSV_COLUMNS]);
  const experiments = await db.experiment.findMany({
    where: { teamId, deletedAt: null, ...(single ? { number: options.experimentNumber } : {}) },
    orderBy: { number: "asc" },
    select: { id: true, number: true },
  });
  for (const experiment of experiments) {
    const key = experimentKey(experiment.number);
    // Keyset pages on the (teamId, experimentId, observedOn) index; memory stays at one page.
    for (let cursor: string | undefined; ; ) {
      const page = await db.observation.findMany({
        where: { teamId, experimentId: experiment.id, deletedAt: null },
        orderBy: [{ observedOn: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, observedOn: true, successes: true, trials: true, value: true, note: true, source: true, strength: true },
      });
      let chunk = "";
      for (const o of page) {
        const cells: Cell[] = [toDateOnly(o.observedOn), num(o.successes), num(o.trials), num(o.value), text(o.note), text(o.source), num(o.strength)];
        chunk += csvLine(single ? cells : [key, ...cells]);
      }
      if (chunk) yield chunk;
      if (page.length < PAGE) break;
      cursor = page[page.length - 1].id;
    }
  }
}

export const hypothesesCsv = (teamId: string) => collect(hypothesesCsvChunks(teamId));
export const experimentsCsv = (teamId: string, today?: string) => collect(experimentsCsvChunks(teamId, today));
export const observationsCsv = (teamId: string, options?: { experimentNumber?: number }) => collect(observationsCsvChunks(teamId, options));

/** A download response that streams the chunks as they are produced. */
export function csvDownload(chunks: AsyncIterable<string>, fileName: string): Response {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
