import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { deleteExperimentApi, getExperimentApi, patchExperimentApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, getExperimentApi);
const patch = apiHandler({ write: true }, patchExperimentApi);
const remove = apiHandler({ write: true }, deleteExperimentApi);
export const action = (args: ActionFunctionArgs) =>
  args.request.method === "PATCH" ? patch(args) : args.request.method === "DELETE" ? remove(args) : methodNotAllowed("GET, PATCH, DELETE");
