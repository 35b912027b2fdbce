import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { EventTime } from "~/components/dates";
import { Field, FormError, SelectField } from "~/components/form";
import { EmptyState, Notice, Section } from "~/components/page";
import { CreateTokenSchema, createApiToken, listApiTokens, revokeApiToken } from "~/modules/api/tokens.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team, "tokens.manage");
  return { team, tokens: await listApiTokens(team.id), canManage: can(role, "members.manage") };
}

const ActionSchema = z.discriminatedUnion("intent", [CreateTokenSchema.extend({ intent: z.literal("create") }), z.object({ intent: z.literal("revoke"), tokenId: z.string().min(1).max(64) })]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "tokens.manage");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const input = parsed.data;
  return handleFormErrors(async () => {
    if (input.intent === "create") {
      const created = await createApiToken(access, { name: input.name, role: input.role });
      return data({ ok: true as const, token: created.token, name: input.name });
    }
    await revokeApiToken(access, input.tokenId);
    return redirect(`/t/${access.team.slug}/settings/tokens`);
  }, formValues(formData));
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result && !result.ok ? result : undefined;
  const created = result && "token" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-4xl">
      <Section title="Create an API token" description="Tokens let Stripe, analytics or monitoring push evidence and signals into this team. See the API documentation.">
        <Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="min-w-64 flex-1">
            <Field label="Name" name="name" placeholder="Stripe sync" defaultValue={failure?.values?.name ?? ""} error={failure?.fieldErrors.name} />
          </div>
          <SelectField
            label="Acts as"
            name="role"
            defaultValue={failure?.values?.role ?? "MEMBER"}
            options={[
              { value: "MEMBER", label: "Member — reads and writes" },
              { value: "VIEWER", label: "Viewer — reads only" },
            ]}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            Create token
          </button>
        </Form>
        {failure?.formError ? <FormError message={failure.formError} /> : null}
        {created ? (
          <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm dark:border-green-900 dark:bg-green-950">
            <p className="font-medium">Token “{created.name}” — copy it now, it is shown only once.</p>
            <label htmlFor="new-token" className="sr-only">
              New token
            </label>
            <input id="new-token" readOnly value={created.token} className="input mt-2 font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
          </div>
        ) : null}
        <p className="muted mt-3 text-xs">
          <Link to="/docs/api">API documentation with curl examples</Link> · <a href="/api/v1/openapi.json">OpenAPI document</a>
        </p>
      </Section>
      <Section title="Tokens">
        {tokens.length === 0 ? (
          <EmptyState>No tokens yet.</EmptyState>
        ) : (
          <div className="-m-4 relative overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token</th>
                  <th scope="col">Acts as</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} className={token.revokedAt ? "opacity-60" : undefined}>
                    <td>
                      <span className="font-medium">{token.name}</span>
                      <span className="muted block text-xs">
                        by {token.createdBy.name}, <EventTime date={token.createdAt} />
                      </span>
                    </td>
                    <td className="font-mono text-xs">{token.prefix}…</td>
                    <td className="text-xs">{token.role === "MEMBER" ? "Member" : "Viewer"}</td>
                    <td className="muted text-xs">{token.lastUsedAt ? <EventTime date={token.lastUsedAt} /> : "never"}</td>
                    <td className="text-right">
                      {token.revokedAt ? (
                        <span className="muted text-xs">revoked</span>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="tokenId" value={token.id} />
                          <button type="submit" className="btn-secondary">
                            Revoke
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Notice>A revoked or unknown token gets 401; a token never reaches another team's data.</Notice>
    </div>
  );
}
