import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { addObservationsApi, listObservationsApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listObservationsApi);
const post = apiHandler({ write: true }, addObservationsApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("GET, POST"));
