import { json, NO_SUCH_ENDPOINT } from "~/modules/api/http.server";

const notFound = () => json(404, NO_SUCH_ENDPOINT);

export const loader = notFound;
export const action = notFound;
