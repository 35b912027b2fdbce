/** Helpers for driving the hypothesis → experiment → evidence loop over real HTTP. */
import http from "node:http";
import { expect } from "vitest";
import { db } from "~/utils/db.server";
import { PASSWORD } from "./factories";
import { Client } from "./http";

/** A browser-like client signed in through POST /signin. */
export async function signedIn(baseUrl: string, email: string) {
  const client = new Client(baseUrl);
  const response = await client.post("/signin", { email, password: PASSWORD });
  expect(response.status).toBe(302);
  return client;
}

/** A multipart/form-data POST (file uploads), with our Origin and the client's cookies. */
export async function postMultipart(client: Client, pathname: string, form: FormData) {
  return fetch(client.base + pathname, {
    method: "POST",
    redirect: "manual",
    body: form,
    headers: { origin: client.base, cookie: client.cookieHeader },
  });
}

/**
 * The same, on a connection of its own that is closed afterwards. For oversized uploads: the
 * server answers them before reading the whole body, which leaves that connection unusable
 * (see the report), so it must not go back into fetch's shared pool.
 */
export async function postMultipartAlone(client: Client, pathname: string, form: FormData) {
  const encoded = new Request(client.base, { method: "POST", body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      client.base + pathname,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": encoded.headers.get("content-type")!, "content-length": body.length, origin: client.base, cookie: client.cookieHeader },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
          request.destroy();
        });
      },
    );
    request.on("error", reject); // a no-op once resolved
    request.end(body);
  });
}

/** A FormData holding `text` as an uploaded CSV file in the `file` field. */
export function csvUpload(text: string, fileName = "evidence.csv") {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), fileName);
  return form;
}

/**
 * Everything a write in the loop could touch for one team: row counts, and the versions,
 * statuses and aggregates of its hypotheses and experiments. Equal snapshots = nothing changed.
 */
export async function teamSnapshot(teamId: string) {
  const where = { teamId };
  const [products, hypotheses, experiments, observations, days, comments, cards, events] = await Promise.all([
    db.product.findMany({ where, select: { id: true, name: true, version: true, deletedAt: true }, orderBy: { id: "asc" } }),
    db.hypothesis.findMany({ where, select: { id: true, statement: true, status: true, version: true, deletedAt: true }, orderBy: { id: "asc" } }),
    db.experiment.findMany({
      where,
      select: { id: true, status: true, version: true, observationCount: true, successes: true, trials: true, deletedAt: true },
      orderBy: { id: "asc" },
    }),
    db.observation.count({ where }),
    db.experimentDay.count({ where }),
    db.comment.count({ where }),
    db.learningCard.count({ where }),
    db.activityEvent.count({ where }),
  ]);
  return { products, hypotheses, experiments, observations, days, comments, cards, events };
}

/** The hidden `version` field of the first form on a page. */
export function versionOnPage(html: string) {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match) throw new Error("no version field on the page");
  return match[1];
}

/** The new-experiment form as a person fills it in: a second RATE fake door (≥ 10 %) on the hypothesis, from `startsOn`. */
export function experimentFormFields(hypothesisId: string, startsOn: string): Record<string, string> {
  return {
    hypothesisId,
    title: "Second fake door",
    method: "FAKE_DOOR",
    plan: "show the button to returning accounts",
    metricName: "Click-through",
    metricUnit: "",
    metricKind: "RATE",
    comparator: "GTE",
    target: "10",
    startsOn,
    endsOn: "",
  };
}
