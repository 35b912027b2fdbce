import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { createProductApi, listProductsApi } from "~/modules/api/v1.server";

export const loader = apiHandler(listProductsApi);
export const action = apiWrites({ POST: createProductApi }, "GET, POST");
