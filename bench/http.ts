/** Signing in and building request headers for the benchmark's clients. */
import type { Target, TeamFixture } from "./targets";

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/signin`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith("evident_session="));
  if (response.status !== 302 || !cookie) throw new Error(`Could not sign in as ${email} (status ${response.status}).`);
  return cookie.split(";")[0];
}

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
  return { cookie: await signIn(baseUrl, team.email, team.password), token: team.token };
}
