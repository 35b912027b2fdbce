/**
 * The OpenAPI document is precise enough to build on: types generated from the document the server
 * serves let tests/contract/client-loop.ts — the whole loop through openapi-fetch, without a single
 * cast — type-check strictly, and the script then runs that loop against the real server.
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { CLIENT_SCRIPT, clientFolder, loopholes, typeCheck } from "../support/generated-client";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { describeRun, runProcess } from "../support/processes";

let server: TestServer;
let folder: string;
// The folder is kept when a test fails, so the generated types can be read.
let failed = false;

beforeAll(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  folder = await clientFolder(await response.json());
});

afterAll(async () => {
  await server?.close();
  if (folder && !failed) rmSync(folder, { recursive: true, force: true });
});

describe("a client generated from the served OpenAPI document", () => {
  it("is written without casts, any or silenced checks, so only precise types let it compile", () => {
    expect(loopholes(CLIENT_SCRIPT)).toEqual([]);
  });

  it("type-checks strictly", { timeout: 120_000 }, () => {
    const problems = typeCheck(folder, ["client-loop.ts", "api-types.d.ts"]);
    if (problems.length > 0) {
      failed = true;
      const shown = problems.slice(0, 40);
      const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : "";
      const hint =
        "Problems in client-loop.ts usually mean the document is vaguer than the API (an answer without a schema, typed undefined or unknown; an enum it does not list); problems in api-types.d.ts, that the generated types are themselves invalid.";
      throw new Error(`The generated client does not type-check (${problems.length} problems; files kept in ${folder}). ${hint}\n\n${shown.join("\n\n")}${more}`);
    }
  });

  it("runs the whole loop against the server", { timeout: 120_000 }, async () => {
    const setup = await createTeamWith();
    const { token } = await createApiToken(actorFor(setup.owner, setup.team, "OWNER"), { name: "generated client", role: "MEMBER" });
    // tsx runs the script without checking types, so this test says whether the server keeps to
    // what the script expects even while the types say otherwise.
    const result = await runProcess(process.execPath, ["--import", "tsx", "client-loop.ts"], {
      cwd: folder,
      env: { ...process.env, EVIDENT_API_URL: `${server.url}/api/v1`, EVIDENT_TOKEN: token },
    });
    if (result.code !== 0 || !result.stdout.includes("loop complete")) {
      failed = true;
      throw new Error(describeRun(`client-loop.ts (in ${folder})`, readFileSync(path.join(folder, "client-loop.ts"), "utf8"), result));
    }
  });
});
