import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";
import { json, NO_SUCH_ENDPOINT } from "~/modules/api/http.server";

// Paths under /api/ that the API's own catch-all (api.v1.$) does not cover, such as /api/v2/…,
// answer the API's JSON 404 rather than this page.
function apiNotFound(request: Request) {
  if (!new URL(request.url).pathname.startsWith("/api/")) return null;
  return json(404, NO_SUCH_ENDPOINT);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const api = apiNotFound(request);
  if (api) return api;
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

export async function action({ request }: ActionFunctionArgs) {
  const api = apiNotFound(request);
  if (api) return api;
  throw new Response("Method Not Allowed", { status: 405, statusText: "Method Not Allowed" });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}
