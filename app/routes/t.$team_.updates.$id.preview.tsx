import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SharedUpdateView } from "~/components/shared-update";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { editionFor, UPDATE_SECTIONS } from "~/modules/updates/content";
import { narrativeHtml } from "~/modules/updates/markdown.server";
import { getUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.update.content.title ?? "Update"} · Evident` }];

const EditionParam = z.enum(["CURRENT", "PROSPECT"]).nullable().catch(null);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const id = idParam(params.id);
  const update = id ? await getUpdate(team.id, id) : null;
  if (!update) throw httpError(404);
  const edition = EditionParam.parse(new URL(request.url).searchParams.get("edition"));
  const published = update.status === "PUBLISHED";
  // A published update is frozen: what recipients see is the update itself (or a group's version of it).
  if (published && !edition) throw redirect(`/t/${team.slug}/updates/${update.id}`);
  const content = editionFor(update.content, edition ?? "CURRENT");
  return {
    team,
    edition: edition ?? "CURRENT",
    update: { id: update.id, version: update.version, published, content, narrative: narrativeHtml(content), marked: update.content.investorsOnly ?? [] },
    canPublish: !published && can(role, "work.edit"),
  };
}

/** The draft exactly as recipients will see it, with the one button that publishes it. */
export default function PreviewUpdate() {
  const { team, edition, update, canPublish } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const back = `/t/${team.slug}/updates/${update.id}`;
  const banner = (
    <div className="border-b border-amber-300 bg-amber-50 px-6 py-3 text-sm text-amber-950 print:hidden dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          {edition === "PROSPECT" ? (
            <p>
              <span className="font-semibold">Prospects' version.</span>{" "}
              {update.marked.length ? `Prospects get the update without ${update.marked.map((section) => UPDATE_SECTIONS[section].toLowerCase()).join(", ")}.` : "Prospects get the whole update: no section is marked for current investors only."}
            </p>
          ) : (
            <p>
              <span className="font-semibold">Preview.</span> This is the update exactly as its recipients will see it.{update.published ? "" : " Publishing freezes it: later evidence will not change it."}
            </p>
          )}
          {update.marked.length ? (
            <p className="text-xs">
              {edition === "PROSPECT" ? <Link to="?edition=CURRENT">See what current investors and advisors get</Link> : <Link to="?edition=PROSPECT">See the version prospects get</Link>}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link to={back} className="btn-secondary">
            {update.published ? "Back to the update" : "Back to editing"}
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
