import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EventTime } from "~/components/dates";
import { Field, FormError } from "~/components/form";
import { EmptyState, Notice, PageHeader, Section } from "~/components/page";
import { versionFromForm } from "~/modules/experiments/form-input";
import { METHOD_LABELS } from "~/modules/experiments/vocabulary";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { describeDesign, type TemplateSummary } from "~/modules/templates/design";
import { deleteTemplate, listTemplates, renameTemplate, templateName, type TeamTemplate } from "~/modules/templates/templates.server";
import { TRASH_DAYS } from "~/modules/trash/soft-delete.server";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Experiment templates · Evident" }];

const QuerySchema = z.object({ saved: z.string().max(64).optional().catch(undefined), trashed: z.string().max(64).optional().catch(undefined) });

function view(template: TemplateSummary) {
  return { id: template.id, name: template.name, question: template.question, method: METHOD_LABELS[template.method], criterion: describeDesign(template), plan: template.plan };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [templates, saved, trashed] = await Promise.all([listTemplates(access), query.saved ? templateName(access, query.saved) : null, query.trashed ? templateName(access, query.trashed) : null]);
  return {
    team: access.team,
    builtIn: templates.builtIn.map(view),
    saved: templates.team.map((template: TeamTemplate) => ({ ...view(template), version: template.version, createdBy: template.createdBy, createdAt: template.createdAt })),
    justSaved: saved && query.saved ? { id: query.saved, name: saved } : null,
    trashed,
    canManage: can(access.role, "template.manage"),
    canStart: can(access.role, "work.edit"),
    trashDays: TRASH_DAYS,
  };
}

const IntentSchema = z.object({ intent: z.enum(["rename", "trash"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "template.manage");
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = formValues(formData);
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, values);
  const here = `/t/${access.team.slug}/experiments/templates`;
  return handleFormErrors(async () => {
    const id = text.data.id ?? "";
    if (intent.data.intent === "rename") {
      await renameTemplate(access, { id, version: versionFromForm(text.data), name: text.data.name ?? "" });
      return redirect(here);
    }
    await deleteTemplate(access, { id });
    return redirect(`${here}?trashed=${encodeURIComponent(id)}`);
  }, values);
}

type Row = ReturnType<typeof view>;

/** Name, criterion and method of a template, with its plan folded away. */
function TemplateInfo({ template, meta }: { template: Row; meta?: React.ReactNode }) {
  return (
    <div className="min-w-0 flex-1">
      <h3 className="font-medium">{template.name}</h3>
      {template.question ? <p className="muted text-sm">{template.question}</p> : null}
      <p className="mt-0.5 text-sm tabular-nums">{template.criterion}</p>
      {meta ? <p className="muted text-xs">{meta}</p> : null}
      <details className="mt-1 text-sm">
        <summary className="btn-link w-fit">Plan</summary>
        <p className="mt-1 max-w-prose whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">To verify that, we will {template.plan || "…"}</p>
      </details>
    </div>
  );
}

function StartLink({ base, id, name }: { base: string; id: string; name: string }) {
  return (
    <Link to={`${base}/experiments/new?template=${encodeURIComponent(id)}`} className="btn-secondary shrink-0 self-start" aria-label={`Start an experiment from “${name}”`}>
      Start an experiment
    </Link>
  );
}

export default function Templates() {
  const { team, builtIn, saved, justSaved, trashed, canManage, canStart, trashDays } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const base = `/t/${team.slug}`;
  const failedId = failure?.values?.id;
  return (
    <div className="max-w-4xl">
      <p className="mb-2 text-sm">
        <Link to={`${base}/experiments`}>← Experiments</Link>
      </p>
      <PageHeader
        title="Experiment templates"
        description="Designs to start new experiments from: a method, a plan, a metric with its success criterion, and a timebox."
        actions={
          canStart ? (
            <Link to={`${base}/experiments/new`} className="btn-primary">
              New experiment
            </Link>
          ) : null
        }
      />
      {justSaved ? (
        <Notice tone="success">
          <span className="text-links">
            {`Saved the template “${justSaved.name}”.`}
            {canStart ? (
              <>
                {" "}
                <Link to={`${base}/experiments/new?template=${encodeURIComponent(justSaved.id)}`}>Start an experiment from it</Link>
              </>
            ) : null}
          </span>
        </Notice>
      ) : null}
      {trashed ? (
        <Notice>
          <span className="text-links">
            {`“${trashed}” was moved to the trash.`} <Link to={`${base}/settings/trash`}>Undo from the trash</Link>
          </span>
        </Notice>
      ) : null}
      {failure?.formError && !saved.some((template) => template.id === failedId) ? <FormError message={failure.formError} /> : null}

      <Section title="Saved by your team" description="Saved from experiments whose design worked. Starting from one copies it; the experiment is yours to change.">
        {saved.length === 0 ? (
          <EmptyState>No templates yet. Open an experiment whose design worked and choose “Save as template”.</EmptyState>
        ) : (
          <ul className="-my-3 divide-y divide-zinc-100 dark:divide-zinc-800">
            {saved.map((template) => {
              const mine = failedId === template.id ? failure : undefined;
              return (
                <li key={template.id} className="py-4">
                  <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                    <TemplateInfo
                      template={template}
                      meta={
                        <>
                          {`${template.method} · saved by ${template.createdBy}, `}
                          <EventTime date={template.createdAt} />
                        </>
                      }
                    />
                    {canStart ? <StartLink base={base} id={template.id} name={template.name} /> : null}
                  </div>
                  {canManage ? (
                    <div className="mt-1 flex flex-col items-start gap-1 text-sm">
                      <details open={mine?.values?.intent === "rename"}>
                        <summary className="btn-link w-fit">Rename…</summary>
                        <Form method="post" noValidate className="mt-2 space-y-2">
                          <input type="hidden" name="intent" value="rename" />
                          <input type="hidden" name="id" value={template.id} />
                          <input type="hidden" name="version" value={template.version} />
                          {mine?.values?.intent === "rename" ? <FormError message={mine.fieldErrors.name ? undefined : mine.formError} fieldErrors={mine.fieldErrors} /> : null}
                          <div className="flex flex-wrap items-end gap-2">
                            <div className="w-72 max-w-full">
                              <Field
                                label="New name"
                                name="name"
                                id={`rename-${template.id}`}
                                maxLength={120}
                                defaultValue={mine?.values?.intent === "rename" ? mine.values.name : template.name}
                                error={mine?.values?.intent === "rename" ? mine.fieldErrors.name : undefined}
                              />
                            </div>
                            <button type="submit" className="btn-secondary">
                              Rename
                            </button>
                          </div>
                        </Form>
                      </details>
                      <details open={mine?.values?.intent === "trash"}>
                        <summary className="btn-link w-fit">Delete…</summary>
                        <Form method="post" className="mt-2 max-w-sm space-y-2 text-sm">
                          <input type="hidden" name="intent" value="trash" />
                          <input type="hidden" name="id" value={template.id} />
                          {mine?.values?.intent === "trash" && mine.formError ? <FormError message={mine.formError} /> : null}
                          <p className="muted">It stays in Settings → Trash for {trashDays} days. Experiments started from it keep their design.</p>
                          <button type="submit" className="btn-danger">
                            {`Delete “${template.name}”`}
                          </button>
                        </Form>
                      </details>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title="Starting set" description="Built in, the same for every team: four cheap ways to learn before building. They cannot be renamed or deleted.">
        <ul className="-my-3 divide-y divide-zinc-100 dark:divide-zinc-800">
          {builtIn.map((template) => (
            <li key={template.id} className="flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
              <TemplateInfo template={template} />
              {canStart ? <StartLink base={base} id={template.id} name={template.name} /> : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
