import { describe, expect, it } from "vitest";
import { EmailSchema, NewPasswordSchema, isCommonPassword } from "./password";

describe("NewPasswordSchema", () => {
  it("accepts 8 to 128 characters", () => {
    expect(NewPasswordSchema.safeParse("a-Good-pass").success).toBe(true);
    expect(NewPasswordSchema.safeParse("x".repeat(7)).success).toBe(false);
    expect(NewPasswordSchema.safeParse("y".repeat(128)).success).toBe(true);
    expect(NewPasswordSchema.safeParse("y".repeat(129)).success).toBe(false);
  });

  it("keeps the password exactly as typed (no trimming or truncation)", () => {
    const typed = "  spaces around and a long tail " + "z".repeat(90);
    const parsed = NewPasswordSchema.parse(typed);
    expect(parsed).toBe(typed);
  });

  it("rejects common passwords regardless of case", () => {
    expect(isCommonPassword("Password123")).toBe(true);
    const result = NewPasswordSchema.safeParse("PASSWORD123");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/too common/);
  });
});

describe("EmailSchema", () => {
  it("normalises case and whitespace so uniqueness is case-insensitive", () => {
    expect(EmailSchema.parse("  Maya@Example.COM ")).toBe("maya@example.com");
  });

  it("rejects malformed addresses with a readable message", () => {
    const result = EmailSchema.safeParse("not-an-email");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/valid email/);
  });
});
