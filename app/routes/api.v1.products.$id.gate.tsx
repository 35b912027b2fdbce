import { apiHandler } from "~/modules/api/http.server";
import { productGateApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, productGateApi);
