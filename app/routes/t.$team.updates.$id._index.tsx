import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CopyField } from "~/components/copy-field";
import { DateText, EventTime } from "~/components/dates";
import { Field, FormError, TextareaField } from "~/components/form";
import { Section } from "~/components/page";
import { UpdateDocument } from "~/components/update-document";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { ASK_STATUSES, INVESTOR_GROUP_NAMES, INVESTOR_GROUPS, UPDATE_SECTION_NAMES, UPDATE_SECTIONS } from "~/modules/updates/content";
import { deliveriesOf, sendableCounts, sendUpdate } from "~/modules/updates/investors.server";
import { AskFollowUpInput, createShareLink, followUpAsk, getUpdate, NarrativeSchema, publishUpdate, revokeShareLink, saveNarrative, ShareSchema } from "~/modules/updates/updates.server";
import { idField, idParam, versionField } from "~/utils/fields";
import { parseForm } from "~/utils/forms";
import { publicOrigin } from "~/utils/origin.server";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.update.title ?? "Update"} · Evident` }];

async function load(request: Request, context: Parameters<typeof requireMembership>[1], params: { team?: string; id?: string }, permission: "team.view" | "work.edit") {
  const access = await requireMembership(request, context, params.team, permission);
  const id = idParam(params.id);
  const update = id ? await getUpdate(access.team.id, id) : null;
  if (!update) throw httpError(404);
  return { access, update };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, update } = await load(request, context, params, "team.view");
  const canSend = can(access.role, "updates.send") && update.status === "PUBLISHED";
  // Who is on the list and who opened what is for the people who send.
  const [counts, deliveries] = canSend ? await Promise.all([sendableCounts(access.team.id, update.id), deliveriesOf(access.team.id, update.id)]) : [];
  const sending = counts && deliveries ? { counts, deliveries } : null;
  return { team: access.team, update, canEdit: can(access.role, "work.edit"), sending };
}

const IntentSchema = z.object({ intent: z.enum(["save", "publish", "share", "revoke", "send", "follow-up"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, update } = await load(request, context, params, "work.edit");
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = formValues(formData);
  const here = `/t/${access.team.slug}/updates/${update.id}`;
  return handleFormErrors(async () => {
    switch (intent.data.intent) {
      case "save": {
        const parsed = parseForm(formData, NarrativeSchema.omit({ investorsOnly: true }));
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await saveNarrative(access, update.id, { ...parsed.data, investorsOnly: formData.getAll("investorsOnly").map(String) });
        break;
      }
      case "follow-up": {
        const parsed = parseForm(formData, AskFollowUpInput);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await followUpAsk(access, parsed.data);
        break;
      }
      case "send": {
        const result = await sendUpdate(access, update.id, { groups: formData.getAll("groups").map(String) }, publicOrigin(request));
        return data({ ok: true as const, sent: result });
      }
      case "publish": {
        // Published only from the preview, where the founder has seen what recipients will.
        const parsed = parseForm(formData, z.object({ version: versionField, confirm: z.literal("publish", { error: "Preview the update, then publish it from the preview." }) }));
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values, parsed.fieldErrors.confirm);
        await publishUpdate(access, update.id, { version: parsed.data.version });
        break;
      }
      case "share": {
        const parsed = parseForm(formData, ShareSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        const link = await createShareLink(access, update.id, parsed.data);
        return data({ ok: true as const, shareUrl: `${publicOrigin(request)}/share/${link.token}`, expiresAt: link.expiresAt.toISOString() });
      }
      case "revoke": {
        const linkId = idField.safeParse(formData.get("linkId"));
        if (!linkId.success) return formFailure({}, values, "Choose a link.");
        await revokeShareLink(access, update.id, linkId.data);
        break;
      }
    }
    return redirect(here);
  }, values, { actor: access, formData });
}

export default function UpdatePage() {
  const { team, update, canEdit, sending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result && !result.ok ? result : undefined;
  const shared = result && "shareUrl" in result ? result : undefined;
  const sent = result && "sent" in result ? result.sent : undefined;
  const marked = update.content.investorsOnly ?? [];
  const busy = useNavigation().state === "submitting";
  const intent = failure?.values?.intent;
  const published = update.status === "PUBLISHED";
  const base = `/t/${team.slug}/updates`;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <p className="text-sm">
          <Link to={base}>← Investor updates</Link>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
              published
                ? "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900"
                : "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
            }`}
          >
            {published ? "Published — frozen" : "Draft — evidence is live until you publish"}
          </span>
          <a href={`${base}/${update.id}/markdown`} className="btn-secondary" download>
            Export Markdown
          </a>
          <a href={`${base}/${update.id}/print`} className="btn-secondary">
            Print / PDF
          </a>
        </div>
      </div>
      {failure?.formError && intent !== "save" && intent !== "share" && intent !== "send" && intent !== "follow-up" ? (
        <div className="print:hidden">
          <FormError message={failure.formError} />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="card p-6 print:border-0 print:p-0">
          <UpdateDocument content={update.content} narrative={update.narrative} showMarks />
        </div>
        <div className="space-y-6 print:hidden">
          {canEdit && !published ? (
            <Section title="Your narrative" description="Evident filled in the evidence; tell the story around it.">
              <Form method="post" className="space-y-3" noValidate>
                <input type="hidden" name="intent" value="save" />
                <input type="hidden" name="version" value={update.version} />
                {intent === "save" ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
                <Field label="Title" name="title" defaultValue={intent === "save" ? failure?.values?.title : update.title} error={intent === "save" ? failure?.fieldErrors.title : undefined} />
                <TextareaField label="Highlights" name="highlights" rows={5} defaultValue={intent === "save" ? failure?.values?.highlights : update.highlights} />
                <TextareaField label="Lowlights" name="lowlights" rows={4} defaultValue={intent === "save" ? failure?.values?.lowlights : update.lowlights} />
                <TextareaField label="Asks" name="asks" rows={3} defaultValue={intent === "save" ? failure?.values?.asks : update.asks} placeholder="Intros to accountants serving small businesses" />
                <fieldset className="space-y-1.5">
                  <legend className="text-sm font-medium">Current investors only</legend>
                  <p className="muted text-xs">Prospects get the update without the sections ticked here; current investors and advisors get all of it.</p>
                  <div className="grid grid-cols-2 gap-x-3 gap-y-1">
                    {UPDATE_SECTION_NAMES.map((section) => (
                      <label key={section} className="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="investorsOnly" value={section} defaultChecked={marked.includes(section)} />
                        {UPDATE_SECTIONS[section]}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <p className="muted text-xs">
                  Markdown works in these fields: <code>- </code> starts a list item, <code>**bold**</code>, <code>*italic*</code>, <code>[a link](https://…)</code>, <code>### a heading</code>. HTML
                  is shown as text; links go to web and mail addresses only.
                </p>
                <button type="submit" className="btn-secondary" disabled={busy}>
                  Save draft
                </button>
              </Form>
              <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
                <p className="muted mb-2 text-xs">Save your changes, then read the update as its recipients will before you publish it. Publishing freezes everything shown.</p>
                <Link to={`${base}/${update.id}/preview`} className="btn-primary">
                  Preview and publish…
                </Link>
              </div>
            </Section>
          ) : null}
          {canEdit && !published && update.content.previousAsks?.items.length ? (
            <Section title="Your last asks" description={`What became of each ask in “${update.content.previousAsks.title}”? This update tells your investors.`}>
              <ul className="space-y-4">
                {update.content.previousAsks.items.map((item) => {
                  const failed = intent === "follow-up" && failure?.values?.position === String(item.position) ? failure : undefined;
                  return (
                    <li key={item.position}>
                      <Form method="post" className="space-y-2" noValidate>
                        <input type="hidden" name="intent" value="follow-up" />
                        <input type="hidden" name="updateId" value={update.content.previousAsks!.updateId} />
                        <input type="hidden" name="position" value={item.position} />
                        <input type="hidden" name="version" value={item.version} />
                        <p className="text-sm font-medium">{item.text}</p>
                        {failed ? <FormError message={failed.formError} fieldErrors={failed.fieldErrors} /> : null}
                        <div className="grid grid-cols-[auto_1fr] items-end gap-2">
                          <div className="space-y-1">
                            <label htmlFor={`ask-status-${item.position}`} className="block text-xs font-medium">
                              Status
                            </label>
                            <select id={`ask-status-${item.position}`} name="status" defaultValue={failed?.values?.status ?? item.status} className="input py-1 text-sm">
                              {Object.entries(ASK_STATUSES).map(([value, label]) => (
                                <option key={value} value={value}>
                                  {label}
                                </option>
                              ))}
                            </select>
                          </div>
                          <div className="space-y-1">
                            <label htmlFor={`ask-helped-${item.position}`} className="block text-xs font-medium">
                              Who helped
                            </label>
                            <input
                              id={`ask-helped-${item.position}`}
                              name="helpedBy"
                              defaultValue={failed?.values?.helpedBy ?? item.helpedBy}
                              placeholder="Olivia Hart"
                              className="input py-1 text-sm"
                              maxLength={200}
                            />
                          </div>
                        </div>
                        <button type="submit" className="btn-secondary" disabled={busy}>
                          Save
                        </button>
                      </Form>
                    </li>
                  );
                })}
              </ul>
            </Section>
          ) : null}
          {sending ? (
            <Section
              title="Send to investors"
              description="One email per person, each with their own link. Nobody gets the same update twice."
              actions={
                <Link to={`${base}/investors`} className="text-sm">
                  Investor list
                </Link>
              }
            >
              {INVESTOR_GROUP_NAMES.every((group) => sending.counts[group].listed === 0) ? (
                <p className="text-sm">
                  Your investor list is empty. <Link to={`${base}/investors`}>Add the people who get your updates</Link>, then send it from here.
                </p>
              ) : (
                <Form method="post" className="space-y-3" noValidate>
                  <input type="hidden" name="intent" value="send" />
                  {intent === "send" && failure ? <FormError message={failure.fieldErrors.groups ?? Object.values(failure.fieldErrors)[0] ?? failure.formError} /> : null}
                  <fieldset className="space-y-2">
                    <legend className="text-sm font-medium">Send to</legend>
                    {INVESTOR_GROUP_NAMES.map((group) => {
                      const count = sending.counts[group];
                      return (
                        <label key={group} className="flex items-start gap-2 text-sm">
                          <input type="checkbox" name="groups" value={group} className="mt-1" disabled={count.listed === 0} />
                          <span>
                            {INVESTOR_GROUPS[group].label}
                            <span className="muted block text-xs">
                              {count.listed === 0
                                ? "nobody on the list"
                                : [`${count.waiting} to send`, count.received ? `${count.received} already have it` : null, count.unsubscribed ? `${count.unsubscribed} unsubscribed` : null]
                                    .filter(Boolean)
                                    .join(" · ")}
                              {group === "PROSPECT" && marked.length && count.listed ? ` · without ${marked.map((section) => UPDATE_SECTIONS[section].toLowerCase()).join(", ")}` : ""}
                            </span>
                          </span>
                        </label>
                      );
                    })}
                  </fieldset>
                  <button type="submit" className="btn-primary" disabled={busy}>
                    Send
                  </button>
                  {marked.length ? (
                    <p className="muted text-xs">
                      <Link to={`${base}/${update.id}/preview?edition=PROSPECT`}>See the version prospects get</Link>
                    </p>
                  ) : null}
                </Form>
              )}
              {sent ? (
                <div role="status" className="mt-3 rounded-md border border-green-200 bg-green-50 p-3 text-sm dark:border-green-900 dark:bg-green-950">
                  {sent.sent === 0 ? "Nobody new to send to." : `Sent to ${sent.sent} ${sent.sent === 1 ? "person" : "people"}.`}
                  {sent.alreadyHad ? ` ${sent.alreadyHad} already had it.` : ""}
                  {sent.unsubscribed ? ` ${sent.unsubscribed} unsubscribed, so not sent.` : ""}
                </div>
              ) : null}
            </Section>
          ) : null}
          {sending && sending.deliveries.total ? (
            <Section
              title={`Sent to ${sending.deliveries.total} ${sending.deliveries.total === 1 ? "person" : "people"}`}
              description={`Opened by ${sending.deliveries.opened}: a person's link was followed.${
                sending.deliveries.total > sending.deliveries.rows.length ? ` The first ${sending.deliveries.rows.length} are listed.` : ""
              }`}
            >
              <ul className="space-y-2 text-sm">
                {sending.deliveries.rows.map((delivery) => (
                  <li key={delivery.id}>
                    <p className="flex flex-wrap items-baseline justify-between gap-x-2">
                      <span className="font-medium">{delivery.investor.name}</span>
                      <span className="muted text-xs">{INVESTOR_GROUPS[delivery.group].one}</span>
                    </p>
                    <p className="muted text-xs">
                      {delivery.firstViewedAt ? (
                        <>
                          Opened <EventTime date={delivery.firstViewedAt} />
                          {delivery.views > 1 ? `, ${delivery.views} times in all, last ` : null}
                          {delivery.views > 1 && delivery.lastViewedAt ? <EventTime date={delivery.lastViewedAt} /> : null}
                        </>
                      ) : delivery.mail === "FAILED" ? (
                        <span className="font-medium text-red-700 dark:text-red-400">The email could not be delivered</span>
                      ) : delivery.mail === "SENT" ? (
                        <span>
                          Not opened yet · sent <EventTime date={delivery.sentAt} />
                        </span>
                      ) : (
                        <span>
                          Waiting to be sent · queued <EventTime date={delivery.sentAt} />
                        </span>
                      )}
                      {delivery.revokedAt ? " · taken off the list, link revoked" : delivery.investor.unsubscribedAt ? " · unsubscribed since" : ""}
                    </p>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {published ? (
            <Section title="Share" description="A private, read-only link. Revoke it any time.">
              {canEdit ? (
                <Form method="post" className="flex items-end gap-2" noValidate>
                  <input type="hidden" name="intent" value="share" />
                  <Field label="Valid for (days)" name="days" type="number" min={1} max={90} defaultValue="30" error={intent === "share" ? failure?.fieldErrors.days : undefined} />
                  <button type="submit" className="btn-primary">
                    Create link
                  </button>
                </Form>
              ) : null}
              {intent === "share" && failure?.formError ? <FormError message={failure.formError} /> : null}
              {shared ? (
                <div className="mt-3 rounded-md border border-green-200 bg-green-50 p-3 text-sm dark:border-green-900 dark:bg-green-950">
                  <p className="font-medium">Copy the link now — it is shown only once. It works until <DateText date={shared.expiresAt} />.</p>
                  <CopyField id="share-url" label="Share link" value={shared.shareUrl} />
                </div>
              ) : null}
              {update.shareLinks.length ? (
                <ul className="mt-4 space-y-2 text-sm">
                  {update.shareLinks.map((link) => (
                    <li key={link.id} className="flex items-center justify-between gap-2">
                      <span className="muted text-xs">
                        Link by {link.createdBy.name}, valid until <EventTime date={link.expiresAt} />
                      </span>
                      {canEdit ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="linkId" value={link.id} />
                          <button type="submit" className="btn-secondary">
                            Revoke
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted mt-3 text-sm">No active links.</p>
              )}
            </Section>
          ) : null}
        </div>
      </div>
    </>
  );
}
