import { apiWrites, methodNotAllowed } from "~/modules/api/http.server";
import { startExperimentApi } from "~/modules/api/v1.server";

export const loader = () => methodNotAllowed("POST");
export const action = apiWrites({ POST: startExperimentApi }, "POST");
