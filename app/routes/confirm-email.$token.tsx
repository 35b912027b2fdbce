import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConfirmLinkButton, UnusableLink } from "~/components/emailed-link";
import { readAccountToken } from "~/modules/auth/account-tokens.server";
import { confirmEmailChange } from "~/modules/auth/email-address.server";
import { handleFormErrors } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Confirm your new email address · Evident" }, { name: "robots", content: "noindex" }];

// As with every emailed link: opening it shows a button, so a mail scanner cannot make the change.
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readAccountToken(params.token, "EMAIL_CHANGE");
  if (link.state !== "valid") return data({ state: link.state, email: null }, { status: link.state === "expired" ? 410 : 404 });
  return { state: link.state, email: link.email };
}

export async function action({ params, context }: ActionFunctionArgs) {
  return handleFormErrors(async () => {
    await confirmEmailChange(params.token);
    return redirect(context.auth ? "/account?email-changed" : "/signin?email-changed");
  });
}

export default function ConfirmEmail() {
  const link = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (link.state !== "valid") {
    return (
      <UnusableLink
        state={link.state}
        what="link"
        explanation="Links to change an address work for a day, once. Ask for the change again from your account page."
        next={{ to: "/account", label: "Go to your account" }}
      />
    );
  }
  return (
    <ConfirmLinkButton
      title="Confirm your new email address"
      subtitle={`From now on you will sign in with ${link.email}.`}
      label={`Use ${link.email}`}
      busy={busy}
      error={failure?.formError}
    />
  );
}
