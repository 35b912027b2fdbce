import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { createSignalApi, listSignalsApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listSignalsApi);
const post = apiHandler({ write: true }, createSignalApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("GET, POST"));
