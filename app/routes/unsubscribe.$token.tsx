import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { Notice } from "~/components/page";
import { applyUnsubscribeLink, readUnsubscribeLink } from "~/modules/mail/preferences.server";
import { readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Email preferences · Evident" }, { name: "robots", content: "noindex" }];

const NOT_FOUND = "This unsubscribe link is not one Evident sent, or it was cut short. Open it again from the email, or change what you get on your account's notifications page.";

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readUnsubscribeLink(params.token ?? "");
  if (!link) return data({ link: null }, { status: 404 });
  return { link };
}

// Mail clients post `List-Unsubscribe=One-Click` (RFC 8058), signed out and from no page of ours;
// our own page posts an intent. The token in the address is the only authority either needs.
const FormSchema = z.union([
  z.object({ "List-Unsubscribe": z.literal("One-Click") }).transform(() => false),
  z.object({ intent: z.enum(["unsubscribe", "resubscribe"]) }).transform((form) => form.intent === "resubscribe"),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = FormSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ link: null, error: "Choose unsubscribe or resubscribe." }, { status: 400 });
  const link = await applyUnsubscribeLink(params.token ?? "", parsed.data);
  if (!link) return data({ link: null, error: NOT_FOUND }, { status: 404 });
  return { link, error: null };
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const link = posted?.link ?? loaded.link;
  if (!link) {
    return (
      <AuthLayout title="Link not recognised">
        <p className="text-sm">{posted?.error ?? NOT_FOUND}</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Email preferences" subtitle={link.address}>
      {posted ? (
        <Notice tone="success">{link.subscribed ? `You will get “${link.label}” again.` : `Unsubscribed: no more “${link.label}” at this address.`}</Notice>
      ) : null}
      <p className="mt-4 text-sm">
        {link.subscribed
          ? `You get emails of the kind “${link.label}” at ${link.address}.`
          : `You do not get emails of the kind “${link.label}” at ${link.address}.`}{" "}
        Emails about the security of an account (password resets, address changes) are always sent.
      </p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value={link.subscribed ? "unsubscribe" : "resubscribe"} />
        <button type="submit" className={link.subscribed ? "btn-danger" : "btn-secondary"}>
          {link.subscribed ? "Unsubscribe" : "Subscribe again"}
        </button>
      </Form>
      <p className="muted text-links mt-6 text-sm">
        Have an account? Choose every kind on your <Link to="/account/notifications">notifications page</Link>.
      </p>
    </AuthLayout>
  );
}
