/** Signing in and building request headers for the benchmark's clients. */
import { signInOverHttp } from "../tests/support/operator";
import type { Target, TeamFixture } from "./targets";

export function headersFor(target: Target, credentials: { cookie: string; token?: string }): Record<string, string> {
  const headers: Record<string, string> = { accept: target.auth === "token" ? "application/json" : "text/html" };
  if (target.auth === "session") headers.cookie = credentials.cookie;
  if (target.auth === "token") {
    if (!credentials.token) throw new Error(`${target.name} needs an API token.`);
    headers.authorization = `Bearer ${credentials.token}`;
  }
  if (target.body) headers["content-type"] = "application/json";
  return headers;
}

export type Credentials = { cookie: string; token?: string };

export async function credentialsFor(baseUrl: string, team: TeamFixture): Promise<Credentials> {
  return { cookie: await signInOverHttp(baseUrl, team), token: team.token };
}
