import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/modules/teams/guard.server";
import { updateToMarkdown } from "~/modules/updates/content";
import { getUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";

/** The update as a Markdown file download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const id = idParam(params.id);
  const update = id ? await getUpdate(team.id, id) : null;
  if (!update) throw httpError(404);
  const fileName = `${update.content.title.replace(/[^A-Za-z0-9 _-]+/g, "").trim().replace(/\s+/g, "-") || "update"}.md`;
  return new Response(updateToMarkdown(update.content), {
    headers: { "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}
