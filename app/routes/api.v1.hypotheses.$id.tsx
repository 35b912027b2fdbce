import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { deleteHypothesisApi, getHypothesisApi, patchHypothesisApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, getHypothesisApi);
const patch = apiHandler({ write: true }, patchHypothesisApi);
const remove = apiHandler({ write: true }, deleteHypothesisApi);
export const action = (args: ActionFunctionArgs) =>
  args.request.method === "PATCH" ? patch(args) : args.request.method === "DELETE" ? remove(args) : methodNotAllowed("GET, PATCH, DELETE");
