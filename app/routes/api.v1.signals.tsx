import { apiHandler, apiWrites } from "~/modules/api/http.server";
import { createSignalApi, listSignalsApi } from "~/modules/api/v1.server";

export const loader = apiHandler(listSignalsApi);
export const action = apiWrites({ POST: createSignalApi }, "GET, POST");
