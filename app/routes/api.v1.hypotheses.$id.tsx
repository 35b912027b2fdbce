import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { deleteHypothesisApi, getHypothesisApi, patchHypothesisApi } from "~/modules/api/v1.server";

export const loader = apiHandler(getHypothesisApi);
export const action = apiWrites({ PATCH: patchHypothesisApi, DELETE: deleteHypothesisApi }, "GET, PATCH, DELETE");
