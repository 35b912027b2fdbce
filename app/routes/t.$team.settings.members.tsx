import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { Role } from "~/generated/prisma/enums";
import { EventTime } from "~/components/dates";
import { CopyField } from "~/components/copy-field";
import { Field, FormError } from "~/components/form";
import { EmptyState, Notice, Section } from "~/components/page";
import { RoleBadge } from "~/components/role-badge";
import { requireMembership } from "~/modules/teams/guard.server";
import { createInvite, listPendingInvites, revokeInvite } from "~/modules/teams/invites.server";
import { assignableRoles, canManageMember, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "~/modules/teams/permissions";
import { MemberActionSchema } from "~/modules/teams/schemas";
import { changeRole, listMembers, removeMember } from "~/modules/teams/teams.server";
import { parseForm } from "~/utils/forms";
import { publicOrigin, requestContext } from "~/utils/origin.server";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Members · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role, user } = await requireMembership(request, context, params.team);
  const assignable = assignableRoles(role);
  const [members, invites] = await Promise.all([
    listMembers(team.id),
    assignable.length ? listPendingInvites(team.id) : Promise.resolve([]),
  ]);
  return {
    team,
    me: user.id,
    assignable,
    members: members.map((member) => ({ ...member, manageable: member.user.id !== user.id && canManageMember(role, member.role) })),
    invites,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "members.manage");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, MemberActionSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const input = parsed.data;
  return handleFormErrors(async () => {
    switch (input.intent) {
      case "invite": {
        const invite = await createInvite(access, { role: input.role, email: input.email }, { context: requestContext(request, context) });
        return data({ ok: true as const, inviteUrl: `${publicOrigin(request)}/invite/${invite.token}`, role: input.role, emailedTo: input.email ?? null });
      }
      case "revoke-invite":
        await revokeInvite(access, { inviteId: input.inviteId });
        break;
      case "change-role":
        await changeRole(access, input);
        break;
      case "remove":
        await removeMember(access, { userId: input.userId });
        break;
    }
    return redirect(`/t/${access.team.slug}/settings/members`);
  }, formValues(formData));
}

function RoleSelect({ name, roles, defaultValue, label }: { name: string; roles: Role[]; defaultValue: Role; label: string }) {
  return (
    <select name={name} defaultValue={defaultValue} aria-label={label} className="input w-auto py-1.5">
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

export default function Members() {
  const { team, me, assignable, members, invites } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result && !result.ok ? result : undefined;
  const created = result && "inviteUrl" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  const canManage = assignable.length > 0;

  return (
    <div className="max-w-4xl">
      <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
      {canManage ? (
        <Section title="Invite a teammate" description="Email an invite, or create a single-use link to share yourself. Either expires in 7 days.">
          <Form method="post" className="flex flex-wrap items-start gap-3">
            <input type="hidden" name="intent" value="invite" />
            <div className="w-full min-w-0 sm:w-auto sm:min-w-64 sm:flex-1">
              <Field
                label="Email (optional)"
                name="email"
                type="email"
                autoComplete="off"
                placeholder="colleague@company.com"
                defaultValue={failure?.values?.email ?? ""}
                error={failure?.fieldErrors.email}
                help="Leave it empty to get a link to share yourself."
              />
            </div>
            <div className="w-full min-w-0 space-y-1.5 sm:w-auto">
              <label htmlFor="invite-role" className="block text-sm font-medium">
                Role
              </label>
              <select id="invite-role" name="role" defaultValue="MEMBER" className="input w-full sm:w-auto">
                {assignable.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]} — {ROLE_DESCRIPTIONS[role]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-primary sm:mt-6" disabled={busy}>
              Create invite
            </button>
          </Form>
          {created ? (
            <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm dark:border-green-900 dark:bg-green-950">
              <p className="font-medium text-green-900 dark:text-green-100">
                {created.emailedTo
                  ? `Invitation emailed to ${created.emailedTo} as ${ROLE_LABELS[created.role].toLowerCase()}. The same link is below if you want to send it another way; it is shown only once.`
                  : `Invite link for a new ${ROLE_LABELS[created.role].toLowerCase()} — copy it now, it is shown only once.`}
              </p>
              <CopyField id="invite-url" label="Invite link" value={created.inviteUrl} />
            </div>
          ) : null}
        </Section>
      ) : null}

      <Section title={`Members (${members.length})`} description="Owners and admins manage the team and decide the scale gate; members record work and propose; viewers read.">
        <div className="-mx-4 -my-4 relative overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {canManage ? <th scope="col" className="text-right">Manage</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.user.id}>
                  <td>
                    <span className="block font-medium">
                      {member.user.name} {member.user.id === me ? <span className="muted font-normal">(you)</span> : null}
                    </span>
                    <span className="muted block text-xs">{member.user.email}</span>
                  </td>
                  <td>
                    <RoleBadge role={member.role} />
                  </td>
                  <td className="muted text-xs">
                    <EventTime date={member.createdAt} />
                  </td>
                  {canManage ? (
                    <td className="text-right">
                      {member.manageable ? (
                        <div className="flex flex-wrap items-center justify-end gap-2">
                          <Form method="post" className="flex items-center gap-2">
                            <input type="hidden" name="intent" value="change-role" />
                            <input type="hidden" name="userId" value={member.user.id} />
                            <input type="hidden" name="version" value={member.version} />
                            <RoleSelect name="role" roles={assignable} defaultValue={member.role} label={`Role for ${member.user.name}`} />
                            <button type="submit" className="btn-secondary">
                              Change role
                            </button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="userId" value={member.user.id} />
                            <details className="relative">
                              <summary className="btn-danger cursor-pointer list-none">Remove…</summary>
                              <div className="card absolute right-0 z-10 mt-1 w-64 p-3 text-left text-sm shadow-lg">
                                <p>
                                  Remove {member.user.name} from {team.name}? They lose access immediately.
                                </p>
                                <button type="submit" className="btn-danger mt-2">
                                  Remove {member.user.name.split(" ")[0]}
                                </button>
                              </div>
                            </details>
                          </Form>
                        </div>
                      ) : (
                        <span className="muted text-xs">{member.user.id === me ? "Leave from General" : "—"}</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title="Roles" description="What each role may do in this team.">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          {ROLES.map((role) => (
            <div key={role} className="contents">
              <dt>
                <RoleBadge role={role} />
              </dt>
              <dd className="muted">{ROLE_DESCRIPTIONS[role]}</dd>
            </div>
          ))}
        </dl>
      </Section>

      {canManage ? (
        <Section title="Pending invites" description="Invites not used yet. Revoke one if it reached the wrong person: its link stops working at once.">
          {invites.length === 0 ? (
            <EmptyState>No pending invites. Invite a colleague above.</EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {invites.map((invite) => (
                <li key={invite.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5 text-sm">
                  <span className="flex items-center gap-2">
                    <RoleBadge role={invite.role} />
                    <span className="muted">
                      {invite.email ? (
                        <>
                          to <span className="font-medium text-zinc-900 dark:text-zinc-100">{invite.email}</span>, sent by {invite.createdBy.name}
                        </>
                      ) : (
                        <>link created by {invite.createdBy.name}</>
                      )}{" "}
                      on <EventTime date={invite.createdAt} />, expires <EventTime date={invite.expiresAt} />
                    </span>
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-invite" />
                    <input type="hidden" name="inviteId" value={invite.id} />
                    <button type="submit" className="btn-secondary">
                      Revoke
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : (
        <Notice>Only owners and admins can invite people or change roles.</Notice>
      )}
    </div>
  );
}
