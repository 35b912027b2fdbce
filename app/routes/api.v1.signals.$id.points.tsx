import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { addSignalPointsApi } from "~/modules/api/v1.server";

export const loader = () => methodNotAllowed("POST");
const post = apiHandler({ write: true }, addSignalPointsApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("POST"));
