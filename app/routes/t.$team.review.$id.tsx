import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader, Section } from "~/components/page";
import { AgendaView } from "~/components/review/agenda-view";
import { AgendaComparisonView, ReviewMinutesView } from "~/components/review/minutes";
import { shownAgenda } from "~/modules/review/agenda";
import { compareAgendas } from "~/modules/review/compare";
import { AgendaQuerySchema, getReview } from "~/modules/review/review.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review of ${data ? formatDate(data.review.heldOn) : ""} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const { all } = AgendaQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const id = idParam(params.id);
  const review = id ? await getReview(team.id, id) : null;
  if (!review) throw httpError(404);
  const { previous, ...rest } = review;
  return {
    team,
    review: { ...rest, agenda: shownAgenda(review.agenda, { expanded: all }) },
    comparison: previous ? { previous: { id: previous.id, heldOn: previous.heldOn }, ...compareAgendas(previous.agenda, review.agenda) } : null,
  };
}

export default function PastReview() {
  const { team, review, comparison } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={`${base}/review`}>← This week's review</Link>
      </p>
      <PageHeader title={`Weekly review · ${formatDate(review.heldOn)}`} description={`Attended by ${review.attendees}. Recorded by ${review.createdBy.name}. The agenda below is as it was that day.`} />
      <div className="mb-6 space-y-6">
        {review.minutes ? <ReviewMinutesView minutes={review.minutes} base={base} /> : null}
        <div className="grid gap-6 md:grid-cols-2">
          <Section title="Notes">{review.notes ? <p className="whitespace-pre-wrap break-words text-sm">{review.notes}</p> : <p className="muted text-sm">No notes.</p>}</Section>
          <Section title={review.minutes ? "Other decisions" : "Decisions"}>{review.decisions ? <p className="whitespace-pre-wrap break-words text-sm">{review.decisions}</p> : <p className="muted text-sm">None written down.</p>}</Section>
        </div>
        {comparison ? <AgendaComparisonView comparison={comparison} base={base} previous={comparison.previous} /> : null}
      </div>
      <h2 className="mb-3 text-base font-semibold">The agenda that day</h2>
      <AgendaView agenda={review.agenda} base={base} />
    </>
  );
}
