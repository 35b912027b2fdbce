import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "~/modules/api/http.server";
import { openApiDocument } from "~/modules/api/openapi";

/** Public: the API description, so clients can be generated without a token. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = process.env.APP_URL ? new URL(process.env.APP_URL).origin : new URL(request.url).origin;
  return json(200, openApiDocument(origin), { "Cache-Control": "public, max-age=300" });
}
