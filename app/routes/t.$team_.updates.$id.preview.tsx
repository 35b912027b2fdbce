import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { SharedUpdateView } from "~/components/shared-update";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { getUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.update.content.title ?? "Update"} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const id = idParam(params.id);
  const update = id ? await getUpdate(team.id, id) : null;
  if (!update) throw httpError(404);
  // A published update is frozen: what recipients see is the update itself.
  if (update.status === "PUBLISHED") throw redirect(`/t/${team.slug}/updates/${update.id}`);
  return { team, update: { id: update.id, version: update.version, content: update.content, narrative: update.narrative }, canPublish: can(role, "work.edit") };
}

/** The draft exactly as recipients will see it, with the one button that publishes it. */
export default function PreviewUpdate() {
  const { team, update, canPublish } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const back = `/t/${team.slug}/updates/${update.id}`;
  const banner = (
    <div className="border-b border-amber-300 bg-amber-50 px-6 py-3 text-sm text-amber-950 print:hidden dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3">
        <p>
          <span className="font-semibold">Preview.</span> This is the update exactly as its recipients will see it. Publishing freezes it: later evidence will not change it.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Link to={back} className="btn-secondary">
            Back to editing
          </Link>
          {canPublish ? (
            <Form method="post" action={`${back}?index`}>
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="version" value={update.version} />
              <input type="hidden" name="confirm" value="publish" />
              <button type="submit" className="btn-primary" disabled={busy}>
                Publish it as it is
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </div>
  );
  return <SharedUpdateView content={update.content} narrative={update.narrative} validUntil={null} banner={banner} />;
}
