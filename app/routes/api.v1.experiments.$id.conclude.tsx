import { apiWrites, methodNotAllowed } from "~/modules/api/http.server";
import { concludeExperimentApi } from "~/modules/api/v1.server";

export const loader = () => methodNotAllowed("POST");
export const action = apiWrites({ POST: concludeExperimentApi }, "POST");
