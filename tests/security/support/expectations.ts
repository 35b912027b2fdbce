/** Reading a matrix expectation, and checking an answer against it. */
import type { Expect } from "../authorization-matrix.routes";
import type { Answer } from "./callers";
import { leakedStrings } from "./team-strings";

/** Whether an expectation describes a write that happens (as opposed to a refusal). */
export function writes(expect: Expect): boolean {
  if (expect === "signin") return false;
  if (typeof expect === "number") return expect < 400;
  if (expect.writes !== undefined) return expect.writes;
  return expect.status < 400 && !(expect.location && expect.location.test("/signin"));
}

export function describeExpect(expect: Expect) {
  if (typeof expect === "number" || expect === "signin") return String(expect);
  return `${expect.status}${expect.location ? ` → ${expect.location}` : ""}`;
}

const SIGNIN = /^\/signin(\?|$)/;

/** The problems with one answer: wrong status, wrong redirect, or forbidden strings in it. */
export function check(label: string, expect: Expect, answer: Answer, forbidden: string[] = []): string[] {
  const problems: string[] = [];
  const status = typeof expect === "object" ? expect.status : expect === "signin" ? 302 : expect;
  const got = `${answer.status}${answer.location ? ` → ${answer.location}` : ""}`;
  if (answer.status !== status) problems.push(`${label}: expected ${describeExpect(expect)}, got ${got}`);
  else if (expect === "signin") {
    if (!answer.location || !SIGNIN.test(answer.location)) problems.push(`${label}: expected a redirect to /signin, got ${got}`);
  } else if (typeof expect === "object" && expect.location) {
    if (!answer.location || !expect.location.test(answer.location)) problems.push(`${label}: expected ${describeExpect(expect)}, got ${got}`);
  } else if (status >= 300 && status < 400 && answer.location && SIGNIN.test(answer.location)) {
    problems.push(`${label}: expected ${status} elsewhere than sign-in, got ${got}`);
  }
  const leaked = leakedStrings(`${answer.location ?? ""}\n${answer.body}`, forbidden, answer.requestText);
  if (leaked.length) problems.push(`${label}: leaks ${leaked.length} string(s) of another team: ${leaked.slice(0, 5).join(", ")}`);
  return problems;
}
