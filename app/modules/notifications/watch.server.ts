/**
 * Who watches a hypothesis or an experiment. Owners, the person who created it and everyone who
 * commented watch it without doing anything; an experiment's watchers include its hypothesis's.
 * Anyone can start watching, or stop, explicitly — a stored choice that wins over the implicit
 * one, so commenting again does not undo "Stop watching".
 */
import { assertCan, type Actor } from "~/modules/teams/actor";
import { db, type Transaction } from "~/utils/db.server";
import { notFound } from "~/utils/errors";

export type Watchable = { type: "hypothesis" | "experiment"; id: string };

type Client = Transaction | typeof db;

/** The implicit watchers of a subject: owners, creators and commenters (of the hypothesis too, for an experiment). */
async function implicitWatchers(client: Client, teamId: string, subject: Watchable): Promise<{ ids: Set<string>; hypothesisId: string | null }> {
  const ids = new Set<string>();
  let hypothesisId: string | null = subject.type === "hypothesis" ? subject.id : null;
  if (subject.type === "experiment") {
    const experiment = await client.experiment.findFirst({ where: { id: subject.id, teamId }, select: { createdById: true, hypothesisId: true } });
    if (!experiment) return { ids, hypothesisId: null };
    ids.add(experiment.createdById);
    hypothesisId = experiment.hypothesisId;
  }
  const [hypothesis, commenters] = await Promise.all([
    hypothesisId ? client.hypothesis.findFirst({ where: { id: hypothesisId, teamId }, select: { ownerId: true, createdById: true } }) : null,
    client.comment.findMany({
      where: { teamId, deletedAt: null, OR: [...(hypothesisId ? [{ hypothesisId }] : []), ...(subject.type === "experiment" ? [{ experimentId: subject.id }] : [])] },
      distinct: ["authorId"],
      select: { authorId: true },
    }),
  ]);
  for (const id of [hypothesis?.ownerId, hypothesis?.createdById, ...commenters.map((comment) => comment.authorId)]) if (id) ids.add(id);
  return { ids, hypothesisId };
}

/** Everyone watching the subject now, by user id (members or not: the caller keeps the team's). */
export async function watchersOf(client: Client, teamId: string, subject: Watchable): Promise<Set<string>> {
  const { ids, hypothesisId } = await implicitWatchers(client, teamId, subject);
  const subjects = [{ subjectType: subject.type, subjectId: subject.id }, ...(subject.type === "experiment" && hypothesisId ? [{ subjectType: "hypothesis", subjectId: hypothesisId }] : [])];
  const choices = await client.watch.findMany({ where: { teamId, OR: subjects }, select: { userId: true, subjectId: true, watching: true } });
  // The choice on the subject itself wins over one on its hypothesis; a choice wins over the implicit.
  const ordered = [...choices].sort((a, b) => Number(a.subjectId === subject.id) - Number(b.subjectId === subject.id));
  for (const choice of ordered) {
    if (choice.watching) ids.add(choice.userId);
    else ids.delete(choice.userId);
  }
  return ids;
}

export type WatchState = { watching: boolean; /** Watching without having chosen to: as owner, creator or commenter. */ implicit: boolean };

export async function watchState(actor: Actor, subject: Watchable): Promise<WatchState> {
  assertCan(actor, "team.view");
  const [watchers, choice] = await Promise.all([
    watchersOf(db, actor.team.id, subject),
    db.watch.findUnique({ where: { userId_subjectType_subjectId: { userId: actor.user.id, subjectType: subject.type, subjectId: subject.id } }, select: { watching: true } }),
  ]);
  return { watching: watchers.has(actor.user.id), implicit: !choice };
}

/** Starts or stops watching. Viewers may watch too: it changes nothing but their own inbox. */
export async function setWatching(actor: Actor, subject: Watchable, watching: boolean): Promise<void> {
  assertCan(actor, "team.view");
  const exists =
    subject.type === "hypothesis"
      ? await db.hypothesis.count({ where: { id: subject.id, teamId: actor.team.id, deletedAt: null } })
      : await db.experiment.count({ where: { id: subject.id, teamId: actor.team.id, deletedAt: null } });
  if (exists === 0) throw notFound();
  await db.watch.upsert({
    where: { userId_subjectType_subjectId: { userId: actor.user.id, subjectType: subject.type, subjectId: subject.id } },
    create: { userId: actor.user.id, teamId: actor.team.id, subjectType: subject.type, subjectId: subject.id, watching },
    update: { watching },
  });
}
