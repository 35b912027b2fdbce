/**
 * Reaching a running Evident from outside, as its people do: an API token made with the admin
 * CLI, and a session from the sign-in form. Shared by the fault tests and the benchmark.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { request } from "./net";
import { storageEnv, type Storage } from "./server-process";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** A new API token for the team, made the way an operator would: with the admin CLI. */
export async function createTokenWithCli(storage: Storage, teamSlug: string, name: string): Promise<string> {
  const { stdout } = await runCli(storage, ["token:create", "--team", teamSlug, "--name", name]);
  const token = stdout.trim().split("\n").pop() ?? "";
  if (!token.startsWith("evd_")) throw new Error(`token:create printed no token: ${stdout}`);
  return token;
}

/** Runs an admin CLI command against `storage`; rejects (with its output) if it fails. */
export function runCli(storage: Storage, args: string[], timeoutMs = 120_000): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { cwd: root, env: storageEnv(storage), timeout: timeoutMs });
}

/** Signs in through the sign-in form, from our own Origin; returns the Cookie header for later requests. */
export async function signInOverHttp(baseUrl: string, login: { email: string; password: string }): Promise<string> {
  const reply = await request(`${baseUrl}/signin`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email: login.email, password: login.password, redirectTo: "" }).toString(),
    timeoutMs: 30_000,
  });
  const cookie = [reply.headers["set-cookie"] ?? []].flat().find((header) => header.startsWith("evident_session="));
  if (reply.status !== 302 || !cookie) throw new Error(`Sign-in as ${login.email} failed: ${reply.status} ${reply.body.slice(0, 300)}`);
  return cookie.split(";")[0];
}
