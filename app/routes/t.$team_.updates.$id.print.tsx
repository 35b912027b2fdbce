import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UpdateDocument } from "~/components/update-document";
import { requireMembership } from "~/modules/teams/guard.server";
import { getUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";
import { idParam } from "~/utils/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.update.content.title ?? "Update" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const id = idParam(params.id);
  const update = id ? await getUpdate(team.id, id) : null;
  if (!update) throw httpError(404);
  return { team, update };
}

/** A bare page for printing to PDF from the browser. */
export default function PrintUpdate() {
  const { team, update } = useLoaderData<typeof loader>();
  return (
    <div className="light-scheme min-h-full bg-white px-8 py-10 text-zinc-900 [color-scheme:light] print:p-0">
      <p className="mx-auto mb-6 max-w-3xl text-sm print:hidden">
        <Link to={`/t/${team.slug}/updates/${update.id}`}>← Back</Link> · Use your browser's Print (Ctrl/⌘ P) and “Save as PDF”.
      </p>
      <UpdateDocument content={update.content} narrative={update.narrative} />
    </div>
  );
}
