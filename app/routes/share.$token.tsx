import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { UpdateDocument } from "~/components/update-document";
import { sharedUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.content.title ?? "Update" }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

/** A published update, read-only, for whoever holds an unexpired, unrevoked link. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = z.string().regex(/^[a-z2-7]{16,64}$/).safeParse(params.token);
  const shared = token.success ? await sharedUpdate(token.data) : null;
  if (!shared) throw httpError(404);
  return { content: shared.content, narrative: shared.narrative };
}

export default function SharedUpdate() {
  const { content, narrative } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full bg-white px-6 py-10 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100 print:p-0">
      <UpdateDocument content={content} narrative={narrative} />
      <p className="muted mx-auto mt-10 max-w-3xl text-xs print:hidden">Shared privately with Evident. Please do not forward this link.</p>
    </div>
  );
}
