/**
 * Search across a team's work: PostgreSQL full text (each table's generated "searchVector", read
 * with websearch_to_tsquery, which accepts any input without error) ranked with ts_rank_cd, plus
 * trigram similarity on titles for typos and prefixes ("onbord", "pric") and keys (H-12, E-7).
 * One statement answers a page of hits with the count of each type; every branch is scoped by
 * team and leaves trashed items out (an item inside a trashed experiment or hypothesis too).
 */
import { Prisma } from "~/generated/prisma/client";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/dates";
import { toDateOnly } from "~/utils/date-only";
import { parseSearchQuery } from "./query";
import { EXPERIMENT_STATUSES, HYPOTHESIS_STATUSES, type SearchStatus } from "./statuses";
import { MATCH_END, MATCH_START, SEARCH_TYPES, type SearchHit, type SearchType } from "./types";


export type SearchOptions = {
  q: string;
  /** The team's pages' base path (/t/<slug>), which the hits' urls start with. */
  base: string;
  /** Only these kinds of item; all when empty. */
  types?: SearchType[];
  /** Only items of this product (reviews and updates belong to no product, so they drop out). */
  productId?: string;
  /** Only hypotheses or experiments with this status (the other kinds drop out). */
  status?: SearchStatus;
  /** Only items changed on or after this day (YYYY-MM-DD). */
  since?: string;
  limit: number;
  offset?: number;
};

export type SearchResult = { hits: SearchHit[]; counts: Partial<Record<SearchType, number>>; total: number; nextOffset: number | null };

// Titles count a little more than bodies beyond their weights, and a near-miss title (a typo) counts
// somewhat less than a word that matched: ranks of ts_rank_cd are mostly below 1.
const TRIGRAM_THRESHOLD = 0.5;
const HEADLINE = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=28, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

type Row = { type: SearchType; id: string; number: number | null; title: string; snippet: string; at: Date; typeCount: bigint; total: bigint };

/** The WHERE parts every branch shares: the key, a title near-miss, and the words. */
function matchOf(vector: Prisma.Sql, title: Prisma.Sql | null, number: Prisma.Sql | null, keyType: SearchType, query: ReturnType<typeof parseSearchQuery>) {
  const parts = [Prisma.sql`${vector} @@ websearch_to_tsquery('english', ${query.text})`];
  if (title) parts.push(Prisma.sql`word_similarity(${query.text}, ${title}) >= ${TRIGRAM_THRESHOLD}`);
  if (number && query.key?.type === keyType) parts.push(Prisma.sql`${number}::text LIKE ${`${query.key.digits}%`}`);
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

function rankOf(vector: Prisma.Sql, title: Prisma.Sql | null, number: Prisma.Sql | null, keyType: SearchType, query: ReturnType<typeof parseSearchQuery>) {
  const parts = [Prisma.sql`ts_rank_cd(${vector}, websearch_to_tsquery('english', ${query.text}), 1)`];
  if (title) parts.push(Prisma.sql`0.3 * word_similarity(${query.text}, ${title})`);
  // An exact key first, then keys it is the start of (H-1 before H-12).
  if (number && query.key?.type === keyType) parts.push(Prisma.sql`(CASE WHEN ${number}::text = ${query.key.digits} THEN 20 WHEN ${number}::text LIKE ${`${query.key.digits}%`} THEN 10 ELSE 0 END)`);
  return Prisma.join(parts, " + ");
}

export async function searchTeam(teamId: string, options: SearchOptions): Promise<SearchResult> {
  const query = parseSearchQuery(options.q);
  if (!query.text) return { hits: [], counts: {}, total: 0, nextOffset: null };
  const wanted = new Set<SearchType>(options.types?.length ? options.types : SEARCH_TYPES);
  const hypothesisStatus = options.status && (HYPOTHESIS_STATUSES as readonly string[]).includes(options.status) ? options.status.toUpperCase() : null;
  const experimentStatus = options.status && (EXPERIMENT_STATUSES as readonly string[]).includes(options.status) ? options.status.toUpperCase() : null;
  if (options.status) {
    for (const type of SEARCH_TYPES) if (!(type === "hypothesis" && hypothesisStatus) && !(type === "experiment" && experimentStatus)) wanted.delete(type);
  }
  if (options.productId) {
    wanted.delete("review");
    wanted.delete("update");
  }
  const since = options.since ? Prisma.sql`${options.since}::date` : null;
  const after = (column: Prisma.Sql) => (since ? Prisma.sql`AND ${column} >= ${since}` : Prisma.empty);
  const product = (column: Prisma.Sql) => (options.productId ? Prisma.sql`AND ${column} = ${options.productId}` : Prisma.empty);

  const branches: Prisma.Sql[] = [];
  if (wanted.has("hypothesis")) {
    const vector = Prisma.sql`h."searchVector"`;
    const title = Prisma.sql`h."statement"`;
    const number = Prisma.sql`h."number"`;
    branches.push(Prisma.sql`
      SELECT 'hypothesis' AS type, h."id", h."number", h."statement" AS title,
        h."statement" || ' · ' || h."segment" AS document,
        ${rankOf(vector, title, number, "hypothesis", query)} AS rank, h."updatedAt" AS at
      FROM "Hypothesis" h
      WHERE h."teamId" = ${teamId} AND h."deletedAt" IS NULL ${product(Prisma.sql`h."productId"`)}
        ${hypothesisStatus ? Prisma.sql`AND h."status"::text = ${hypothesisStatus}` : Prisma.empty} ${after(Prisma.sql`h."updatedAt"`)}
        AND ${matchOf(vector, title, number, "hypothesis", query)}`);
  }
  if (wanted.has("experiment")) {
    const vector = Prisma.sql`e."searchVector"`;
    const title = Prisma.sql`e."title"`;
    const number = Prisma.sql`e."number"`;
    branches.push(Prisma.sql`
      SELECT 'experiment', e."id", e."number", e."title",
        e."metricName" || ' · ' || e."plan",
        ${rankOf(vector, title, number, "experiment", query)}, e."updatedAt"
      FROM "Experiment" e JOIN "Hypothesis" h ON h."id" = e."hypothesisId" AND h."deletedAt" IS NULL
      WHERE e."teamId" = ${teamId} AND e."deletedAt" IS NULL ${product(Prisma.sql`h."productId"`)}
        ${experimentStatus ? Prisma.sql`AND e."status"::text = ${experimentStatus}` : Prisma.empty} ${after(Prisma.sql`e."updatedAt"`)}
        AND ${matchOf(vector, title, number, "experiment", query)}`);
  }
  if (wanted.has("evidence")) {
    const vector = Prisma.sql`o."searchVector"`;
    branches.push(Prisma.sql`
      SELECT 'evidence', o."id", e."number", e."title",
        coalesce(o."note", '') || CASE WHEN o."source" IS NULL THEN '' ELSE ' — ' || o."source" END,
        ${rankOf(vector, null, null, "evidence", query)}, o."createdAt"
      FROM "Observation" o
        JOIN "Experiment" e ON e."id" = o."experimentId" AND e."deletedAt" IS NULL
        JOIN "Hypothesis" h ON h."id" = e."hypothesisId" AND h."deletedAt" IS NULL
      WHERE o."teamId" = ${teamId} AND o."deletedAt" IS NULL ${product(Prisma.sql`h."productId"`)} ${after(Prisma.sql`o."createdAt"`)}
        AND ${matchOf(vector, null, null, "evidence", query)}`);
  }
  if (wanted.has("learning")) {
    const vector = Prisma.sql`l."searchVector"`;
    branches.push(Prisma.sql`
      SELECT 'learning', l."id", e."number", e."title",
        l."learned" || ' · ' || l."observed" || ' · ' || l."nextSteps",
        ${rankOf(vector, null, null, "learning", query)}, l."createdAt"
      FROM "LearningCard" l
        JOIN "Experiment" e ON e."id" = l."experimentId" AND e."deletedAt" IS NULL
        JOIN "Hypothesis" h ON h."id" = e."hypothesisId" AND h."deletedAt" IS NULL
      WHERE l."teamId" = ${teamId} ${product(Prisma.sql`h."productId"`)} ${after(Prisma.sql`l."createdAt"`)}
        AND ${matchOf(vector, null, null, "learning", query)}`);
  }
  if (wanted.has("comment")) {
    const vector = Prisma.sql`c."searchVector"`;
    // A comment is on a hypothesis or on an experiment; its key and title are its subject's.
    branches.push(Prisma.sql`
      SELECT 'comment', c."id", coalesce(e."number", -h."number"), coalesce(e."title", h."statement"),
        c."body",
        ${rankOf(vector, null, null, "comment", query)}, c."createdAt"
      FROM "Comment" c
        LEFT JOIN "Experiment" e ON e."id" = c."experimentId"
        JOIN "Hypothesis" h ON h."id" = coalesce(e."hypothesisId", c."hypothesisId")
      WHERE c."teamId" = ${teamId} AND c."deletedAt" IS NULL AND h."deletedAt" IS NULL AND (e."id" IS NULL OR e."deletedAt" IS NULL)
        ${product(Prisma.sql`h."productId"`)} ${after(Prisma.sql`c."createdAt"`)}
        AND ${matchOf(vector, null, null, "comment", query)}`);
  }
  if (wanted.has("review")) {
    const vector = Prisma.sql`r."searchVector"`;
    branches.push(Prisma.sql`
      SELECT 'review', r."id", NULL::int, to_char(r."heldOn", 'YYYY-MM-DD'),
        r."decisions" || ' · ' || r."notes" || ' · ' || r."attendees",
        ${rankOf(vector, null, null, "review", query)}, r."createdAt"
      FROM "Review" r
      WHERE r."teamId" = ${teamId} ${after(Prisma.sql`r."createdAt"`)}
        AND ${matchOf(vector, null, null, "review", query)}`);
  }
  if (wanted.has("update")) {
    const vector = Prisma.sql`u."searchVector"`;
    const title = Prisma.sql`u."title"`;
    branches.push(Prisma.sql`
      SELECT 'update', u."id", NULL::int, u."title",
        u."highlights" || ' · ' || u."lowlights" || ' · ' || u."asks",
        ${rankOf(vector, title, null, "update", query)}, u."updatedAt"
      FROM "InvestorUpdate" u
      WHERE u."teamId" = ${teamId} ${after(Prisma.sql`u."updatedAt"`)}
        AND ${matchOf(vector, title, null, "update", query)}`);
  }
  if (branches.length === 0) return { hits: [], counts: {}, total: 0, nextOffset: null };

  const offset = options.offset ?? 0;
  const rows = await db.$queryRaw<Row[]>`
    WITH hits AS (${Prisma.join(
      // Named the same in every branch, whichever comes first.
      branches.map((branch) => Prisma.sql`SELECT * FROM (${branch}) AS hit (type, id, number, title, document, rank, at)`),
      " UNION ALL ",
    )}),
    page AS (
      SELECT *, count(*) OVER (PARTITION BY type) AS "typeCount", count(*) OVER () AS total
      FROM hits
      ORDER BY rank DESC, at DESC, id
      LIMIT ${options.limit + 1} OFFSET ${offset}
    )
    -- Snippets only for the page: ts_headline reads the whole text again.
    SELECT type, id, number, title, ts_headline('english', document, websearch_to_tsquery('english', ${query.text}), ${HEADLINE}) AS snippet, at, "typeCount", total
    FROM page
    ORDER BY rank DESC, at DESC, id`;
  return toResult(rows, options.limit, offset, options.base);
}

function toResult(rows: Row[], limit: number, offset: number, base: string): SearchResult {
  const counts: Partial<Record<SearchType, number>> = {};
  for (const row of rows) counts[row.type] = Number(row.typeCount);
  return {
    hits: rows.slice(0, limit).map((row) => {
      const hit = hitOf(row);
      return { ...hit, url: base + hit.url };
    }),
    counts,
    total: rows.length > 0 ? Number(rows[0].total) : 0,
    nextOffset: rows.length > limit ? offset + limit : null,
  };
}

/** An item as a hit, its url relative to the team's base path. */
function hitOf(row: Row): SearchHit {
  const snippet = row.snippet.replace(/\s+/g, " ").trim();
  switch (row.type) {
    case "hypothesis":
      return { type: row.type, key: hypothesisKey(row.number!), title: row.title, snippet, url: `/hypotheses/${hypothesisKey(row.number!)}` };
    case "experiment":
      return { type: row.type, key: experimentKey(row.number!), title: row.title, snippet, url: `/experiments/${experimentKey(row.number!)}` };
    case "evidence":
      return { type: row.type, key: experimentKey(row.number!), title: row.title, snippet, url: `/experiments/${experimentKey(row.number!)}#evidence` };
    case "learning":
      return { type: row.type, key: experimentKey(row.number!), title: row.title, snippet, url: `/experiments/${experimentKey(row.number!)}#learning` };
    case "comment": {
      // Negative numbers are hypotheses' (a comment on a hypothesis has no experiment).
      const key = row.number! < 0 ? hypothesisKey(-row.number!) : experimentKey(row.number!);
      return { type: row.type, key, title: row.title, snippet, url: `${row.number! < 0 ? "/hypotheses" : "/experiments"}/${key}#comments` };
    }
    case "review":
      return { type: row.type, key: null, title: `Review of ${formatDate(row.title)}`, snippet, url: `/review/${row.id}` };
    case "update":
      return { type: row.type, key: null, title: row.title, snippet, url: `/updates/${row.id}` };
  }
}

/** Recently changed hypotheses and experiments: what the palette offers before anything is typed. */
export async function recentItems(teamId: string, base: string, limit = 6): Promise<SearchHit[]> {
  const [hypotheses, experiments] = await Promise.all([
    db.hypothesis.findMany({ where: { teamId, deletedAt: null }, orderBy: { updatedAt: "desc" }, take: limit, select: { number: true, statement: true, segment: true, updatedAt: true } }),
    db.experiment.findMany({ where: { teamId, deletedAt: null, hypothesis: { deletedAt: null } }, orderBy: { updatedAt: "desc" }, take: limit, select: { number: true, title: true, status: true, endsOn: true, updatedAt: true } }),
  ]);
  const items = [
    ...hypotheses.map((h) => ({ at: h.updatedAt, hit: { type: "hypothesis" as const, key: hypothesisKey(h.number), title: h.statement, snippet: h.segment, url: `/hypotheses/${hypothesisKey(h.number)}` } })),
    ...experiments.map((e) => ({
      at: e.updatedAt,
      hit: { type: "experiment" as const, key: experimentKey(e.number), title: e.title, snippet: `${e.status.toLowerCase()} · ends ${formatDate(toDateOnly(e.endsOn))}`, url: `/experiments/${experimentKey(e.number)}` },
    })),
  ];
  return items
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit)
    .map((item) => ({ ...item.hit, url: base + item.hit.url }));
}
