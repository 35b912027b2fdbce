import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { createHypothesisApi, listHypothesesApi } from "~/modules/api/v1.server";

export const loader = apiHandler(listHypothesesApi);
export const action = apiWrites({ POST: createHypothesisApi }, "GET, POST");
