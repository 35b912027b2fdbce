import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EventTime } from "~/components/dates";
import { FormError } from "~/components/form";
import { EmptyState, Section } from "~/components/page";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { listTrash, restoreFromTrash, TRASH_DAYS } from "~/modules/trash/trash.server";
import { parseForm } from "~/utils/forms";
import { formFailure, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Trash · Evident" }];

const RestoreSchema = z.object({ kind: z.enum(["hypothesis", "experiment", "observation", "template"]), id: z.string().min(1).max(64) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return { items: await listTrash(team.id), canRestore: can(role, "work.edit"), trashDays: TRASH_DAYS };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const parsed = parseForm(await readFormData(request), RestoreSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, undefined, "Choose something to restore.");
  return handleFormErrors(async () => {
    await restoreFromTrash(access, parsed.data);
    return redirect(`/t/${access.team.slug}/settings/trash`);
  });
}

const KIND_LABELS = { hypothesis: "Hypothesis", experiment: "Experiment", observation: "Observation", template: "Template" };

export default function Trash() {
  const { items, canRestore, trashDays } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="max-w-4xl">
      <FormError message={failure?.formError} />
      <Section title="Trash" description={`Nothing is deleted for good by a click: deleted items stay here for ${trashDays} days and can be restored.`}>
        {items.length === 0 ? (
          <EmptyState>The trash is empty.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {items.map((item) => (
              <li key={`${item.kind}-${item.id}`} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                <span className="min-w-0">
                  <span className="muted mr-2 text-xs uppercase tracking-wide">{KIND_LABELS[item.kind]}</span>
                  <span className="truncate">{item.label}</span>
                  <span className="muted block text-xs">
                    deleted <EventTime date={item.deletedAt} />
                  </span>
                </span>
                {canRestore ? (
                  <Form method="post">
                    <input type="hidden" name="kind" value={item.kind} />
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" className="btn-secondary">
                      Restore
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
