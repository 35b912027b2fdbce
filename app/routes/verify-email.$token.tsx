import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ConfirmLinkButton, UnusableLink } from "~/components/emailed-link";
import { readAccountToken } from "~/modules/auth/account-tokens.server";
import { confirmAddress } from "~/modules/auth/email-address.server";
import { endCurrentSession, redirectWithSession, safeRedirectPath } from "~/modules/auth/guard.server";
import { handleFormErrors } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email address · Evident" }, { name: "robots", content: "noindex" }];

// Opening the link only shows a button: mail scanners that fetch every link must not use it up.
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readAccountToken(params.token, "EMAIL_VERIFICATION");
  if (link.state !== "valid") return data({ state: link.state, name: null }, { status: link.state === "expired" ? 410 : 404 });
  return { state: link.state, name: link.name };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const next = safeRedirectPath(new URL(request.url).searchParams.get("next"), "/teams/new");
  return handleFormErrors(async () => {
    const session = await confirmAddress(params.token);
    await endCurrentSession(context);
    return redirectWithSession(request, session, next);
  });
}

export default function VerifyEmail() {
  const link = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  if (link.state !== "valid") {
    return (
      <UnusableLink
        state={link.state}
        what="confirmation link"
        explanation="Sign in, and send yourself a new one from your account page. If your address is confirmed already, you can simply sign in."
        next={{ to: "/signin?redirectTo=%2Faccount", label: "Sign in" }}
      />
    );
  }
  return (
    <ConfirmLinkButton
      title="Confirm your email address"
      subtitle={`Welcome, ${link.name}. One click, and you are in.`}
      label="Confirm my address"
      busy={busy}
      error={failure?.formError}
      action={`?${params.toString()}`}
    />
  );
}
