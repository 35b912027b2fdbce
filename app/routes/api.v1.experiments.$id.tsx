import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { deleteExperimentApi, getExperimentApi, patchExperimentApi } from "~/modules/api/v1.server";

export const loader = apiHandler(getExperimentApi);
export const action = apiWrites({ PATCH: patchExperimentApi, DELETE: deleteExperimentApi }, "GET, PATCH, DELETE");
