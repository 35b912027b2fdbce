import { apiHandler } from "~/modules/api/http.server";
import { exportApi } from "~/modules/api/v1.server";

export const loader = apiHandler({ write: false }, exportApi);
