import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form";
import { readUpload } from "~/utils/upload.server";
import { Section } from "~/components/page";
import { importTeam } from "~/modules/export/import.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { handleFormErrors, type ActionFailure } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Data & export · Evident" }];

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return { team, canImport: can(role, "team.import") };
}

const failure = (formError: string, status: number, headers?: HeadersInit) =>
  data<ActionFailure>({ ok: false, formError, fieldErrors: {} }, { status, headers });

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Importing writes nothing into this team, but it is an administrator's tool.
  const access = await requireMembership(request, context, params.team, "team.import");
  const received = await readUpload(request, { maxBytes: MAX_IMPORT_BYTES, tooLarge: "The file is larger than 50 MB. Export the team again or contact support for larger imports." });
  if (!received.ok) return failure(received.message, received.status, received.headers);
  const { formData } = received;
  const upload = formData.get("file");
  if (!(upload instanceof File) || upload.size === 0) return failure("Choose an export file (.json) to import.", 400);
  const name = formData.get("name");
  let document: unknown;
  try {
    document = JSON.parse(await upload.text());
  } catch {
    return failure(`${upload.name || "The file"} is not a JSON file. Choose the file the “Download everything” button saved.`, 400);
  }
  return handleFormErrors(async () => {
    const imported = await importTeam(document, { ownerUserId: access.user.id, name: typeof name === "string" ? name : undefined });
    return redirect(`/t/${imported.slug}`);
  });
}

const DOWNLOADS = [
  { path: "export.json", label: "Download everything (JSON)", description: "The whole team — evidence, decisions, reviews, updates and history — to keep as a backup or import as a new team." },
  { path: "export/hypotheses.csv", label: "Hypotheses (CSV)", description: "One row per hypothesis with its status and strongest evidence, for a spreadsheet." },
  { path: "export/experiments.csv", label: "Experiments (CSV)", description: "One row per experiment with its criterion, sample size, estimate, 95 % interval and verdict." },
  { path: "export/observations.csv", label: "Observations (CSV)", description: "Every piece of evidence, in the columns the evidence import reads, so rows can be imported again." },
] as const;

export default function DataSettings() {
  const { team, canImport } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-3xl">
      <Section title="Export" description="Downloads include everything except items in the trash (the JSON keeps those too) and share links, which stay secret.">
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {DOWNLOADS.map((download) => (
            <li key={download.path} className="flex items-center justify-between gap-4 py-3">
              <p className="muted text-sm">{download.description}</p>
              <a href={`/t/${team.slug}/${download.path}`} download className="btn-secondary shrink-0 no-underline">
                {download.label}
              </a>
            </li>
          ))}
        </ul>
      </Section>
      {canImport ? (
        <Section
          title="Import into a new team"
          description="Creates a new team from an Evident export, with you as its owner; this team is not changed. Work by people you already share a team with stays theirs; everyone else's keeps their name, as a placeholder without an account, and the imported history is marked “imported”. Invite your colleagues afterwards."
        >
          <Form method="post" encType="multipart/form-data" className="space-y-4">
            <FormError message={result?.formError} />
            <div className="space-y-1.5">
              <label htmlFor="file" className="block text-sm font-medium">
                Export file
              </label>
              <input id="file" name="file" type="file" accept=".json,application/json" required className="block text-sm" />
              <p className="muted text-xs">A .json file from “Download everything”, up to 50 MB. The whole file imports, or nothing does.</p>
            </div>
            <Field label="Name of the new team" name="name" placeholder="Optional: the exported team's name" help="Leave empty to keep the name in the file." />
            <button type="submit" className="btn-primary" disabled={busy}>
              {busy ? "Importing…" : "Import as a new team"}
            </button>
          </Form>
        </Section>
      ) : null}
    </div>
  );
}
