import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SharedUpdateView } from "~/components/shared-update";
import { sharedUpdate } from "~/modules/updates/updates.server";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.content.title ?? "Update" }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

/** A published update, read-only, for whoever holds an unexpired, unrevoked link. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = z.string().regex(/^[a-z2-7]{16,64}$/).safeParse(params.token);
  const shared = token.success ? await sharedUpdate(token.data) : null;
  if (!shared) throw httpError(404);
  return { content: shared.content, narrative: shared.narrative, validUntil: shared.expiresAt.toISOString().slice(0, 10) };
}

export default function SharedUpdate() {
  const { content, narrative, validUntil } = useLoaderData<typeof loader>();
  return <SharedUpdateView content={content} narrative={narrative} validUntil={validUntil} />;
}
