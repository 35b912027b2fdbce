import { apiHandler } from "~/modules/api/http.server";
import { createExperimentApi, listExperimentsApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listExperimentsApi);
export const action = apiHandler({ write: true }, createExperimentApi);
