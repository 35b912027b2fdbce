import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { createExperimentApi, listExperimentsApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listExperimentsApi);
const post = apiHandler({ write: true }, createExperimentApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("GET, POST"));
