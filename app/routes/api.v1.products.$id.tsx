import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { getProductApi, patchProductApi } from "~/modules/api/v1.server";

export const loader = apiHandler(getProductApi);
export const action = apiWrites({ PATCH: patchProductApi }, "GET, PATCH");
