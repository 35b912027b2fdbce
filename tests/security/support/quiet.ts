/**
 * The server logs every POST to a route without an action (Remix's 405) as an error. The matrix
 * sends many on purpose; keep those out of the test output and let every other error through.
 */
import { afterAll, beforeAll, vi } from "vitest";

const EXPECTED = /did not provide an `action` for route/;

export function hideExpectedNoActionErrors() {
  beforeAll(() => {
    const original = console.error.bind(console);
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if (args.some((arg) => EXPECTED.test(arg instanceof Error ? arg.message : String(arg)))) return;
      original(...args);
    });
  });
  afterAll(() => {
    vi.mocked(console.error).mockRestore();
  });
}
