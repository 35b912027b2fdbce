import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [
  { title: "Evident — scale when the evidence demands it" },
  { name: "description", content: "Record hypotheses, run two-week experiments, and open your scale gate only when the evidence says so." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return { signedIn: context.auth !== null, demo: context.demo !== null };
}

const STEPS = [
  { title: "We believe that…", body: "Write down the riskiest assumptions about your product, rated by importance." },
  { title: "To verify that, we will…", body: "Run a two-week experiment with a success criterion fixed before it starts." },
  { title: "We observed… We learned…", body: "Log evidence, watch it against the target, and conclude on the record." },
  { title: "Scale when the evidence demands it", body: "Open the scale gate only when traction and bottlenecks are measured, not imagined." },
];

export default function Landing() {
  const { signedIn, demo } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-6 py-5">
        <span className="flex items-center gap-2 text-lg font-semibold">
          <img src="/favicon.svg" alt="" className="size-7" /> Evident
        </span>
        <nav className="flex items-center gap-3 text-sm">
          {signedIn ? (
            <Link to="/teams" className="btn-primary">
              Open your teams
            </Link>
          ) : (
            <>
              <Link to="/signin">Sign in</Link>
              <Link to="/signup" className="btn-primary">
                Create an account
              </Link>
            </>
          )}
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-6 pb-20 pt-12">
        <p className="text-sm font-medium text-accent-600 dark:text-accent-300">Validate first. Then scale.</p>
        <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
          Scale when the evidence demands it — and not a sprint before.
        </h1>
        <p className="muted mt-5 max-w-2xl text-lg">
          Evident is where product teams record what they believe, test it in two-week experiments, and see the
          evidence against success criteria fixed in advance. Growth-stage engineering becomes a recorded decision,
          not a feeling.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to={signedIn ? "/teams" : "/signup"} className="btn-primary px-4 py-2 text-base">
            {signedIn ? "Go to your teams" : "Start validating"}
          </Link>
          {demo && !signedIn ? (
            <Link to="/signin" className="btn-secondary px-4 py-2 text-base">
              Explore the demo team
            </Link>
          ) : null}
        </div>
        <ol className="mt-16 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {STEPS.map((step, index) => (
            <li key={step.title} className="card p-4">
              <p className="text-xs font-semibold text-accent-600 dark:text-accent-300">Step {index + 1}</p>
              <h2 className="mt-1 font-semibold">{step.title}</h2>
              <p className="muted mt-2 text-sm">{step.body}</p>
            </li>
          ))}
        </ol>
      </main>
    </div>
  );
}
