import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MeetingTimer, PresentSlide, usePresentKeys } from "~/components/review/present";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { actionItemsForReview } from "~/modules/review/action-items.server";
import { takeAgendaDecision } from "~/modules/review/agenda-form.server";
import { presentationSlides } from "~/modules/review/present";
import { currentAgenda } from "~/modules/review/review.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { memberOptions } from "~/modules/teams/members.server";
import { can } from "~/modules/teams/permissions";
import { readFormData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Weekly review · ${data?.position ?? ""} · Evident` }];

/** Which agenda item is on screen, counted from 1; anything else starts at the beginning. */
const ItemSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

function itemOf(request: Request) {
  return ItemSchema.parse(new URL(request.url).searchParams.get("item") ?? 1);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const [agenda, members, actionItems] = await Promise.all([currentAgenda(team.id), memberOptions(team.id), actionItemsForReview(team.id)]);
  const slides = presentationSlides(agenda);
  const item = Math.min(itemOf(request), slides.length);
  return { team, slide: slides[item - 1], item, count: slides.length, position: `${item} of ${slides.length}`, members, actionItems, today: todayDateOnly(), canEdit: can(role, "work.edit") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  return takeAgendaDecision(access, formData, `/t/${access.team.slug}/review/present?item=${itemOf(request)}`);
}

/** The weekly review as a meeting on a shared screen: one agenda item at a time. */
export default function PresentReview() {
  const { team, slide, item, count, members, actionItems, today, canEdit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const base = `/t/${team.slug}`;
  const previous = item > 1 ? `?item=${item - 1}` : null;
  const next = item < count ? `?item=${item + 1}` : null;
  const exit = `${base}/review`;
  usePresentKeys({ previous, next, exit });
  const decide = { members, failure: failure ?? undefined, base, from: "present" as const };
  return (
    <div className="flex min-h-screen flex-col bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
        <p className="text-sm">
          <span className="font-semibold">{team.name}</span> <span className="muted">· weekly review</span>
        </p>
        <p className="flex flex-wrap items-center gap-4 text-sm">
          <span className="muted" aria-live="polite">
            {`Item ${item} of ${count}`}
          </span>
          <MeetingTimer teamSlug={team.slug} />
          <Link to={exit} className="btn-secondary text-xs">
            Leave <kbd className="ml-1">Esc</kbd>
          </Link>
        </p>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-6 py-8">
        <p className="mb-3 flex flex-wrap gap-2">
          {slide.sections.map((section) => (
            <span key={section} className="rounded-full bg-accent-50 px-3 py-0.5 text-sm font-medium text-accent-700 dark:bg-zinc-800 dark:text-accent-300">
              {section}
            </span>
          ))}
        </p>
        <PresentSlide slide={slide} base={base} decide={decide} actionItems={actionItems} today={today} canEdit={canEdit} />
      </main>
      <footer className="flex items-center justify-between gap-3 border-t border-zinc-200 px-6 py-3 text-sm dark:border-zinc-800">
        {previous ? (
          <Link to={previous} className="btn-secondary" rel="prev">
            ← Previous
          </Link>
        ) : (
          <span />
        )}
        <span className="muted hidden sm:inline">← → to move · d to decide · Esc to leave</span>
        {next ? (
          <Link to={next} className="btn-primary" rel="next">
            Next →
          </Link>
        ) : (
          <span />
        )}
      </footer>
    </div>
  );
}
