/**
 * The benchmark's baseline: a page in the team layout that never touches the database, so
 * `npm run bench` can measure the framework's ceiling on this machine and compare every real
 * page against it. It exists only when the server runs with EVIDENT_BENCH_ROUTE=1.
 */
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { PageHeader, Section } from "~/components/page";

export const meta: MetaFunction = () => [{ title: "Baseline · Evident" }];

export function loader() {
  if (process.env.EVIDENT_BENCH_ROUTE !== "1") throw new Response("Not Found", { status: 404 });
  return {
    team: { name: "Baseline", slug: "baseline", role: "VIEWER" as const },
    teams: [{ name: "Baseline", slug: "baseline", role: "VIEWER" as const }],
    user: { name: "Baseline reader", email: "baseline@evident.example" },
  };
}

export default function BenchBaseline() {
  const { team, teams, user } = useLoaderData<typeof loader>();
  return (
    <AppShell team={team} teams={teams} user={user}>
      <PageHeader title="Baseline" />
      <Section title="No data">
        <p className="muted text-sm">This page renders the team layout without reading the database.</p>
      </Section>
    </AppShell>
  );
}
