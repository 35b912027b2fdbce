import { apiHandler } from "~/modules/api/http.server";
import { createHypothesisApi, listHypothesesApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, listHypothesesApi);
export const action = apiHandler({ write: true }, createHypothesisApi);
