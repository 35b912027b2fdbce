import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AgendaView } from "~/components/agenda-view";
import { PageHeader, Section } from "~/components/page";
import { shownAgenda } from "~/modules/review/agenda";
import { AgendaQuerySchema, getReview } from "~/modules/review/review.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review of ${data?.review.heldOn ?? ""} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const { all } = AgendaQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const id = idParam(params.id);
  const review = id ? await getReview(team.id, id) : null;
  if (!review) throw httpError(404);
  return { team, review: { ...review, agenda: shownAgenda(review.agenda, { expanded: all }) } };
}

export default function PastReview() {
  const { team, review } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={`${base}/review`}>← This week's review</Link>
      </p>
      <PageHeader title={`Weekly review · ${review.heldOn}`} description={`Attended by ${review.attendees}. Recorded by ${review.createdBy.name}. The agenda below is as it was that day.`} />
      <div className="mb-6 grid gap-6 md:grid-cols-2">
        <Section title="Notes">{review.notes ? <p className="whitespace-pre-wrap text-sm">{review.notes}</p> : <p className="muted text-sm">No notes.</p>}</Section>
        <Section title="Decisions">{review.decisions ? <p className="whitespace-pre-wrap text-sm">{review.decisions}</p> : <p className="muted text-sm">No decisions recorded.</p>}</Section>
      </div>
      <AgendaView agenda={review.agenda} base={base} />
    </>
  );
}
