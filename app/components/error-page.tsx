import { Link } from "@remix-run/react";

const COPY: Record<number, { title: string; body: string }> = {
  400: { title: "That request couldn't be read", body: "The form arrived in a shape Evident can't read. Go back and submit it from the page again." },
  403: { title: "You don't have access to that", body: "Your role in this team doesn't allow this action. Ask an admin if you need it." },
  405: { title: "That action isn't available here", body: "This page doesn't accept that kind of request. Go back and try again from the page itself." },
  413: { title: "That was too much to send", body: "The form was larger than Evident accepts (64 kB). Shorten the text, or import large data as a file, and try again." },
  404: { title: "Page not found", body: "This page doesn't exist, or you don't have access to it." },
  500: { title: "Something went wrong", body: "An unexpected error occurred on our side. Please try again in a moment." },
  503: { title: "Evident is briefly unavailable", body: "We can't reach the database right now. Please try again in a few seconds." },
};

/** The friendly page for 400/403/404/413/500: a plain explanation and a way back, never a stack trace. */
export function ErrorPage({ status }: { status: number }) {
  const copy = COPY[status] ?? COPY[status >= 500 ? 500 : 404];
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-300">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{copy.title}</h1>
      <p className="muted mt-3">{copy.body}</p>
      <div className="mt-6 flex gap-3">
        <Link to="/" className="btn-primary">
          Go to Evident
        </Link>
      </div>
    </main>
  );
}
