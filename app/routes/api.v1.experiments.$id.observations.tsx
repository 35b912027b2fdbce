import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { addObservationsApi, listObservationsApi } from "~/modules/api/v1.server";

export const loader = apiHandler(listObservationsApi);
export const action = apiWrites({ POST: addObservationsApi }, "GET, POST");
