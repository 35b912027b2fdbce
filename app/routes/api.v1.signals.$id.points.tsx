import { apiHandler, methodNotAllowed } from "~/modules/api/http.server";
import { addSignalPointsApi } from "~/modules/api/v1.server";

export const loader = () => methodNotAllowed("POST");
export const action = apiHandler({ write: true }, addSignalPointsApi);
