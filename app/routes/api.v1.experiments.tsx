import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { createExperimentApi, listExperimentsApi } from "~/modules/api/v1.server";

export const loader = apiHandler(listExperimentsApi);
export const action = apiWrites({ POST: createExperimentApi }, "GET, POST");
