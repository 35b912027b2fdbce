import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { databaseFailure, isDatabaseUnavailable } from "./database-errors.server";

// The shapes below are what Prisma 6.19 with @prisma/adapter-pg and pg actually throw (observed
// against a PostgreSQL that was stopped, restarted and made to cancel statements).
function prismaError(code: string, message: string, cause?: Record<string, unknown>) {
  return Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code, meta: cause ? { driverAdapterError: { name: "DriverAdapterError", cause } } : {} });
}

describe("databaseFailure", () => {
  it("recognises the database being away", () => {
    expect(databaseFailure(prismaError("P1001", "\nInvalid `db.user.count()` invocation:\n\nCan't reach database server at 127.0.0.1:5432", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }))).toBe(
      "P1001 Can't reach database server at 127.0.0.1:5432",
    );
    expect(isDatabaseUnavailable(prismaError("P2010", "Raw query failed. Code: `N/A`.", { kind: "DatabaseNotReachable" }))).toBe(true);
    // A connection the server dropped (restart, crash): pg says so in a message without a code.
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111, syscall: "connect" }))).toBe(true);
  });

  it("recognises a server shutting down or starting up", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006"]) {
      expect(isDatabaseUnavailable(prismaError("P2010", `Raw query failed. Code: \`${code}\`.`, { kind: "postgres", code, originalCode: code }))).toBe(true);
    }
  });

  it("recognises statement and transaction timeouts", () => {
    // Inside an interactive transaction the driver adapter's error arrives unwrapped.
    const adapterError = Object.assign(new Error("canceling statement due to statement timeout"), {
      name: "DriverAdapterError",
      cause: { kind: "postgres", code: "57014", originalCode: "57014", message: "canceling statement due to statement timeout" },
    });
    expect(databaseFailure(adapterError)).toBe("57014 canceling statement due to statement timeout");
    expect(isDatabaseUnavailable(prismaError("P2028", "Transaction already closed: the timeout for this transaction was 5000 ms"))).toBe(true);
    expect(isDatabaseUnavailable(prismaError("P2024", "Timed out fetching a new connection from the connection pool."))).toBe(true);
  });

  it("leaves every other error alone", () => {
    expect(databaseFailure(prismaError("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation" }))).toBeNull();
    expect(databaseFailure(prismaError("P2010", "Raw query failed. Code: `42P01`.", { kind: "postgres", code: "42P01" }))).toBeNull();
    expect(databaseFailure(new AppError(409, "conflict", "Someone else changed this"))).toBeNull();
    // Words that merely look alike are not a database failure.
    expect(databaseFailure(new Error("Cannot connect the dots: timeout field is invalid"))).toBeNull();
    expect(databaseFailure(new TypeError("Cannot read properties of undefined"))).toBeNull();
    expect(databaseFailure(null)).toBeNull();
    expect(databaseFailure("Connection terminated")).toBeNull();
  });

  it("does not loop on a cyclic cause", () => {
    const error: Error & { cause?: unknown } = new Error("outer");
    error.cause = error;
    expect(databaseFailure(error)).toBeNull();
  });
});
