import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { searchApi } from "~/modules/api/v1.server";

export const loader = apiHandler(searchApi);
// Writes get the API's JSON 405, not the framework's error for a route without an action.
export const action = () => methodNotAllowed("GET");
