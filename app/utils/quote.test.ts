import { describe, expect, it } from "vitest";
import { quoted } from "./quote";

describe("quoted", () => {
  it("puts words in double curly quotes", () => {
    expect(`planned E-5 ${quoted("Reminders landing page")}`).toBe("planned E-5 “Reminders landing page”");
  });

  it("switches to single quotes when the words have double quotes of their own", () => {
    expect(`planned E-7 ${quoted("“Client portal” fake door")}`).toBe("planned E-7 ‘“Client portal” fake door’");
    expect(quoted('The "magic" link')).toBe("‘The \"magic\" link’");
  });
});
