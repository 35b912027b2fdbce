import { json } from "~/modules/api/http.server";

const notFound = () => json(404, { error: { code: "not_found", message: "No such API endpoint. See /api/v1/openapi.json." } });

export const loader = notFound;
export const action = notFound;
