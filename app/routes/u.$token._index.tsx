import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SharedUpdateView } from "~/components/shared-update";
import { readPersonalUpdate } from "~/modules/updates/investors.server";
import { idParam } from "~/utils/fields";
import { httpError } from "~/utils/http.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.content.title ?? "Update" }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

/**
 * A recipient's personal link: the update they were sent, in their group's version, and (with
 * `update`) any other update the team sent them. Opening it is what the founder sees as "opened".
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const updateId = params.update === undefined ? undefined : idParam(params.update);
  if (updateId === null) throw httpError(404);
  const read = await readPersonalUpdate(token, updateId);
  if (!read) throw httpError(404);
  return { token, content: read.content, narrative: read.narrative, recipient: read.recipient, sentOn: formatDate(read.sentAt), subscribed: read.subscribed };
}

export default function PersonalUpdate() {
  const { token, content, narrative, recipient, sentOn, subscribed } = useLoaderData<typeof loader>();
  return (
    <SharedUpdateView
      content={content}
      narrative={narrative}
      validUntil={null}
      nav={<Link to={`/u/${token}/archive`}>Every update sent to you</Link>}
      footer={
        <p className="text-links">
          Sent to {recipient} by {content.teamName} on {sentOn}, with Evident. This link is yours; please do not forward it.{" "}
          {subscribed ? <Link to={`/u/${token}/unsubscribe`}>Stop getting {content.teamName}'s updates</Link> : <Link to={`/u/${token}/unsubscribe`}>You unsubscribed; subscribe again</Link>}
        </p>
      }
    />
  );
}
