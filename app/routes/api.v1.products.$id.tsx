import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { getProductApi, patchProductApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, getProductApi);
const patch = apiHandler({ write: true }, patchProductApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "PATCH" ? patch(args) : methodNotAllowed("GET, PATCH"));
