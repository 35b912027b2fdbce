/** Sending one matrix request as a given caller, and reading back what the checks need. */
import type { Client } from "../../support/http";
import type { Target } from "../authorization-matrix.routes";

/** Who sends a request: a browser's cookies, an API token, and the Origin (ours unless given; null: none). */
export type Caller = { client?: Client; bearer?: string; origin?: string | null };
export type Answer = { status: number; location: string | null; body: string; requestText: string };

/** The request as a browser on our pages (cookies, our Origin) or as an API client (bearer token). */
export async function send(base: string, target: Target, caller: Caller): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (caller.client && caller.client.cookieHeader) headers.cookie = caller.client.cookieHeader;
  if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
  let body: BodyInit | undefined;
  let requestText = target.path;
  if (target.method !== "GET" && caller.origin !== null) headers.origin = caller.origin ?? base;
  if (target.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(target.form);
    requestText += ` ${JSON.stringify(target.form)}`;
  } else if (target.upload) {
    const form = new FormData();
    for (const [name, value] of Object.entries(target.upload.fields)) form.append(name, value);
    const file = target.upload.file;
    if (file) form.append("file", new Blob([file.content], { type: file.type }), file.name);
    body = form;
    requestText += ` ${JSON.stringify(target.upload.fields)} ${file?.content ?? ""}`;
  } else if (target.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(target.json);
    requestText += ` ${body}`;
  }
  const response = await fetch(base + target.path, { method: target.method, headers, body, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text(), requestText };
}
