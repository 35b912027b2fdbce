import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { EventTime } from "~/components/dates";
import { Field, FormError, SelectField, SubmissionKey } from "~/components/form";
import { PageHeader, Section } from "~/components/page";
import { requireMembership } from "~/modules/teams/guard.server";
import { INVESTOR_GROUP_NAMES, INVESTOR_GROUPS, MAX_INVESTORS } from "~/modules/updates/content";
import { addInvestor, InvestorInput, listInvestors, regroupInvestor, RegroupInput, removeInvestor, RemoveInput } from "~/modules/updates/investors.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Investor list · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team, "investors.manage");
  return { team, investors: await listInvestors(team.id) };
}

const IntentSchema = z.object({ intent: z.enum(["add", "regroup", "remove"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "investors.manage");
  const formData = await readFormData(request);
  const values = formValues(formData);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, values, "Unknown action.");
  return handleFormErrors(async () => {
    if (intent.data.intent === "add") {
      const parsed = parseForm(formData, InvestorInput);
      if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
      await addInvestor(access, parsed.data);
    } else if (intent.data.intent === "regroup") {
      const parsed = parseForm(formData, RegroupInput);
      if (!parsed.ok) return formFailure(parsed.fieldErrors, values, "Choose a group.");
      await regroupInvestor(access, parsed.data);
    } else {
      const parsed = parseForm(formData, RemoveInput);
      if (!parsed.ok) return formFailure(parsed.fieldErrors, values, "Choose someone on the list.");
      await removeInvestor(access, parsed.data);
    }
    return redirect(`/t/${access.team.slug}/updates/investors`);
  }, values, { actor: access, formData });
}

const GROUP_OPTIONS = INVESTOR_GROUP_NAMES.map((group) => ({ value: group, label: INVESTOR_GROUPS[group].label }));
// One person's group, short enough to sit beside its buttons on a phone.
const SINGULAR_OPTIONS = INVESTOR_GROUP_NAMES.map((group) => ({ value: group, label: INVESTOR_GROUPS[group].one.replace(/^./, (first) => first.toUpperCase()) }));

export default function InvestorList() {
  const { team, investors } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const adding = failure?.values?.intent === "add";
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to={`/t/${team.slug}/updates`}>← Investor updates</Link>
      </p>
      <PageHeader
        title="Investor list"
        description={`Who gets ${team.name}'s investor updates. Each person gets their own link, which shows you when they opened it; prospects do not get the sections you mark “current investors only”.`}
      />
      {failure?.formError && !adding ? <FormError message={failure.formError} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {INVESTOR_GROUP_NAMES.map((group) => {
            const people = investors.filter((investor) => investor.group === group);
            return (
              <section key={group} className="card" aria-labelledby={`group-${group}`}>
                <h2 id={`group-${group}`} className="border-b border-zinc-200 px-4 py-3 text-sm font-semibold dark:border-zinc-800">
                  {INVESTOR_GROUPS[group].label} <span className="muted font-normal">({people.length})</span>
                </h2>
                {people.length === 0 ? (
                  <p className="muted px-4 py-3 text-sm">Nobody yet.</p>
                ) : (
                  <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                    {people.map((investor) => (
                      <li key={investor.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
                        <div className="min-w-0">
                          <p className="font-medium">{investor.name}</p>
                          <p className="muted break-all text-xs">{investor.email}</p>
                          <p className="muted text-xs">
                            {investor.unsubscribedAt ? (
                              <span className="font-medium text-amber-700 dark:text-amber-400">Unsubscribed <EventTime date={investor.unsubscribedAt} /> — gets no more updates</span>
                            ) : investor.received === 0 ? (
                              "Has not been sent an update yet"
                            ) : (
                              <>
                                Sent {investor.received} {investor.received === 1 ? "update" : "updates"}
                                {investor.lastViewedAt ? (
                                  <>
                                    {" "}
                                    · last opened <EventTime date={investor.lastViewedAt} />
                                  </>
                                ) : (
                                  " · not opened yet"
                                )}
                              </>
                            )}
                          </p>
                        </div>
                        <div className="flex flex-wrap items-center gap-2">
                          <Form method="post" className="flex items-center gap-2">
                            <input type="hidden" name="intent" value="regroup" />
                            <input type="hidden" name="investorId" value={investor.id} />
                            <label className="sr-only" htmlFor={`group-of-${investor.id}`}>
                              Group of {investor.name}
                            </label>
                            <select id={`group-of-${investor.id}`} name="group" defaultValue={investor.group} className="input w-auto py-1 text-sm">
                              {SINGULAR_OPTIONS.map((option) => (
                                <option key={option.value} value={option.value}>
                                  {option.label}
                                </option>
                              ))}
                            </select>
                            <button type="submit" className="btn-secondary" disabled={busy}>
                              Move
                            </button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="investorId" value={investor.id} />
                            <button type="submit" className="btn-secondary" disabled={busy} aria-label={`Remove ${investor.name}`}>
                              Remove
                            </button>
                          </Form>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
        <div>
          <Section title="Add someone" description={`Up to ${MAX_INVESTORS.toLocaleString("en")} people. Removing someone also stops their links from working.`}>
            <Form method="post" className="space-y-3" noValidate>
              <SubmissionKey />
              <input type="hidden" name="intent" value="add" />
              {adding ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
              <Field label="Name" name="name" autoComplete="off" defaultValue={adding ? failure?.values?.name : ""} error={adding ? failure?.fieldErrors.name : undefined} />
              <Field label="Email" name="email" type="email" autoComplete="off" defaultValue={adding ? failure?.values?.email : ""} error={adding ? failure?.fieldErrors.email : undefined} />
              <SelectField label="Group" name="group" options={GROUP_OPTIONS} defaultValue={adding ? failure?.values?.group : "CURRENT"} error={adding ? failure?.fieldErrors.group : undefined} />
              <button type="submit" className="btn-primary" disabled={busy}>
                Add to the list
              </button>
            </Form>
          </Section>
        </div>
      </div>
    </>
  );
}
