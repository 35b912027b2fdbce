import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { Notice } from "~/components/page";
import { readSubscription, setSubscription } from "~/modules/updates/investors.server";
import { readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Investor updates · Evident" }, { name: "robots", content: "noindex" }];

const NOT_FOUND = "This link is not one Evident sent, it was cut short, or the team has taken this address off its list (then nothing more is sent to it).";

export async function loader({ params }: LoaderFunctionArgs) {
  const subscription = await readSubscription(params.token ?? "");
  if (!subscription) return data({ subscription: null }, { status: 404 });
  return { subscription };
}

// Mail clients post `List-Unsubscribe=One-Click` (RFC 8058), signed out and from no page of ours;
// our own page posts an intent. The token in the address is the only authority either needs.
const FormSchema = z.union([
  z.object({ "List-Unsubscribe": z.literal("One-Click") }).transform(() => false),
  z.object({ intent: z.enum(["unsubscribe", "resubscribe"]) }).transform((form) => form.intent === "resubscribe"),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = FormSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ subscription: null, error: "Choose unsubscribe or subscribe again." }, { status: 400 });
  const subscription = await setSubscription(params.token ?? "", parsed.data);
  if (!subscription) return data({ subscription: null, error: NOT_FOUND }, { status: 404 });
  return { subscription, error: null };
}

/** Leaving one team's investor list, from the link in its emails. */
export default function InvestorUnsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const subscription = posted?.subscription ?? loaded.subscription;
  const { token } = useParams();
  if (!subscription) {
    return (
      <AuthLayout title="Link not recognised">
        <p className="text-sm">{posted?.error ?? NOT_FOUND}</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={`${subscription.teamName}'s investor updates`} subtitle={subscription.email}>
      {posted ? (
        <Notice tone="success">
          {subscription.subscribed ? `You will get ${subscription.teamName}'s updates again.` : `Unsubscribed: ${subscription.teamName} will send no more updates to this address.`}
        </Notice>
      ) : null}
      <p className="mt-4 text-sm">
        {subscription.subscribed
          ? `${subscription.teamName} sends its investor updates to ${subscription.email}.`
          : `${subscription.teamName} sends no more investor updates to ${subscription.email}. The updates you were sent stay readable from their links.`}
      </p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value={subscription.subscribed ? "unsubscribe" : "resubscribe"} />
        <button type="submit" className={subscription.subscribed ? "btn-danger" : "btn-secondary"}>
          {subscription.subscribed ? "Unsubscribe" : "Subscribe again"}
        </button>
      </Form>
      <p className="muted text-links mt-6 text-sm">
        <Link to={`/u/${token}/archive`}>Every update {subscription.teamName} sent you</Link>
      </p>
    </AuthLayout>
  );
}
