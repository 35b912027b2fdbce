import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { createProductApi, listProductsApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listProductsApi);
const post = apiHandler({ write: true }, createProductApi);
export const action = (args: ActionFunctionArgs) => (args.request.method === "POST" ? post(args) : methodNotAllowed("GET, POST"));
