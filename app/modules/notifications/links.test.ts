import { describe, expect, it } from "vitest";
import { inboxTarget } from "./links";

const INBOX = "/t/acme/inbox";

describe("inboxTarget", () => {
  it("keeps a team page, with its query and fragment", () => {
    expect(inboxTarget("/t/acme/experiments/E-7", INBOX)).toBe("/t/acme/experiments/E-7");
    expect(inboxTarget("/t/acme/hypotheses/H-3#comments", INBOX)).toBe("/t/acme/hypotheses/H-3#comments");
    expect(inboxTarget("/t/acme/gate/abc?tab=signals", INBOX)).toBe("/t/acme/gate/abc?tab=signals");
  });

  it("sends anything that is not a team page on this origin to the fallback", () => {
    for (const path of [
      null,
      undefined,
      "",
      "/",
      "/account",
      "t/acme/experiments/E-7",
      "https://evil.example/t/acme",
      "//evil.example/t/acme",
      "/\\evil.example",
      "/t/\\evil.example",
      "/t/../account",
      "/t/%2e%2e/account",
      "/t/acme/\nSet-Cookie: x=1",
      "/t/acme/ünïcode",
      "javascript:alert(1)",
    ]) {
      expect(inboxTarget(path, INBOX), String(path)).toBe(INBOX);
    }
  });
});
