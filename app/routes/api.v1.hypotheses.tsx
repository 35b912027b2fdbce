import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { createHypothesisApi, listHypothesesApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listHypothesesApi);
const post = apiHandler({ write: true }, createHypothesisApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("GET, POST"));
