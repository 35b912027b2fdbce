import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { FormError } from "~/components/form";
import { SignUpFields } from "~/components/signup-fields";
import { accountOverview, signUp, signUpConfirmed } from "~/modules/auth/accounts.server";
import { UnconfirmedEmail } from "~/components/unconfirmed-email";
import { endCurrentSession, redirectWithSession, requireAuth } from "~/modules/auth/guard.server";
import { SignUpSchema } from "~/modules/auth/schemas";
import { acceptInvite, findInvite } from "~/modules/teams/invites.server";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "~/modules/teams/permissions";
import { isMember } from "~/modules/teams/teams.server";
import { AppError } from "~/utils/errors";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requestContext } from "~/utils/origin.server";
import { mailGoesToLog } from "~/modules/mail/transport.server";
import { CheckEmail } from "~/components/check-email";

export const meta: MetaFunction = () => [{ title: "Join a team · Evident" }, { name: "robots", content: "noindex" }];

const TokenSchema = z.string().regex(/^[a-z2-7]{16,64}$/);

const STATE_MESSAGES = {
  expired: "This invite link has expired. Ask a team admin for a new one.",
  used: "This invite link has already been used. Ask a team admin for a new one.",
  revoked: "This invite link was revoked. Ask a team admin for a new one.",
} as const;

async function loadInvite(token: string | undefined) {
  const parsed = TokenSchema.safeParse(token);
  return parsed.success ? findInvite(parsed.data) : null;
}

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const invite = await loadInvite(params.token);
  if (!invite) return data({ state: "invalid" as const }, { status: 404 });
  const user = context.auth?.user ?? null;
  if (user) {
    if (await isMember(invite.team.id, user.id)) throw redirect(`/t/${invite.team.slug}`);
  }
  if (invite.state !== "valid") return data({ state: invite.state, message: STATE_MESSAGES[invite.state] }, { status: 410 });
  return {
    state: "valid" as const,
    team: invite.team.name,
    role: invite.role,
    invitedBy: invite.createdBy.name,
    email: invite.email,
    user,
    path: new URL(request.url).pathname,
    mailGoesToLog: mailGoesToLog(),
    emailConfirmed: user ? (await accountOverview(user.id)).emailConfirmed : true,
  };
}

const IntentSchema = z.object({ intent: z.enum(["accept", "signup"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = TokenSchema.safeParse(params.token);
  if (!token.success) throw new Response("Not Found", { status: 404 });
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");

  if (intent.data.intent === "accept") {
    const { user } = requireAuth(request, context);
    return handleFormErrors(async () => {
      const joined = await acceptInvite({ token: token.data, user });
      return redirect(`/t/${joined.team.slug}`);
    });
  }

  const parsed = parseForm(formData, SignUpSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const { redirectTo: _ignored, ...account } = parsed.data;
  return handleFormErrors(async () => {
    // Check the link before creating an account for it.
    const invite = await findInvite(token.data);
    if (!invite) throw new Response("Not Found", { status: 404 });
    if (invite.state !== "valid") throw new AppError(400, `invite_${invite.state}`, STATE_MESSAGES[invite.state]);
    // An invite emailed to this very address proves it is theirs: in at once.
    const session = invite.email === account.email ? await signUpConfirmed(account) : null;
    if (session) {
      await endCurrentSession(context);
      try {
        const joined = await acceptInvite({ token: token.data, user: { id: session.userId, name: account.name } });
        return redirectWithSession(request, session, `/t/${joined.team.slug}`);
      } catch (error) {
        // The account exists either way; if the link was used meanwhile, the page explains why.
        if (error instanceof AppError) return redirectWithSession(request, session, `/invite/${token.data}`);
        throw error;
      }
    }
    // Otherwise as any sign-up: the confirmation link brings them back here to join.
    await signUp(account, requestContext(request, context), `/invite/${token.data}`);
    return { sentTo: account.email };
  }, formValues(formData));
}

export default function AcceptInvite() {
  const invite = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";

  if (invite.state === "invalid") {
    return (
      <AuthLayout title="This invite link is not valid" subtitle="Check that you copied the whole link, or ask a team admin for a new one.">
        <Link to="/" className="btn-secondary w-full">
          Go to Evident
        </Link>
      </AuthLayout>
    );
  }
  if (invite.state !== "valid") {
    return (
      <AuthLayout title="This invite can't be used" subtitle={"message" in invite ? invite.message : undefined}>
        <Link to="/" className="btn-secondary w-full">
          Go to Evident
        </Link>
      </AuthLayout>
    );
  }

  const title = `Join ${invite.team} on Evident`;
  const subtitle = (
    <>
      {invite.invitedBy} invited you as {ROLE_LABELS[invite.role].toLowerCase()}: {ROLE_DESCRIPTIONS[invite.role].toLowerCase()}
    </>
  );
  if (invite.user) {
    return (
      <AuthLayout title={title} subtitle={subtitle}>
        {invite.emailConfirmed ? null : <UnconfirmedEmail email={invite.user.email} mailGoesToLog={invite.mailGoesToLog} why={`to join ${invite.team}`} />}
        <Form method="post" className="space-y-4">
          <FormError message={failure?.formError} />
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            Join {invite.team} as {invite.user.name}
          </button>
        </Form>
        <Form method="post" action="/signout" className="muted mt-4 text-center text-sm">
          Not {invite.user.name}?{" "}
          <button type="submit" className="btn-link">
            Sign out
          </button>
        </Form>
      </AuthLayout>
    );
  }
  if (result && "sentTo" in result) {
    return (
      <AuthLayout title="Check your email">
        <CheckEmail mailGoesToLog={invite.mailGoesToLog}>
          We have sent an email to <strong className="break-words">{result.sentTo}</strong>. Open the link in it to confirm your address; it
          brings you back here to join {invite.team}.
        </CheckEmail>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={title} subtitle={subtitle}>
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <input type="hidden" name="intent" value="signup" />
        <SignUpFields failure={failure} email={invite.email ?? undefined} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Joining…" : `Create account and join ${invite.team}`}
        </button>
      </Form>
      <p className="muted text-links mt-5 text-center text-sm">
        Already have an account? <Link to={`/signin?redirectTo=${encodeURIComponent(invite.path)}`}>Sign in to accept</Link>
      </p>
    </AuthLayout>
  );
}
