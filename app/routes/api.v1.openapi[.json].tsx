import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, methodNotAllowed } from "~/modules/api/http.server";
import { openApiDocument } from "~/modules/api/openapi";
import { publicOrigin } from "~/utils/origin.server";

/** Public: the API description, so clients can be generated without a token. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = publicOrigin(request);
  return json(200, openApiDocument(origin), { "Cache-Control": "public, max-age=300" });
}

// Writes get the API's JSON 405, not the framework's error for a route without an action.
export const action = () => methodNotAllowed("GET");
