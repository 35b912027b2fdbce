import { describe, expect, it } from "vitest";
import { ROLES, assignableRoles, can, canManageMember, hasRole } from "./permissions";

describe("roles", () => {
  it("orders OWNER > ADMIN > MEMBER > VIEWER", () => {
    expect(hasRole("OWNER", "ADMIN")).toBe(true);
    expect(hasRole("ADMIN", "MEMBER")).toBe(true);
    expect(hasRole("MEMBER", "VIEWER")).toBe(true);
    expect(hasRole("VIEWER", "MEMBER")).toBe(false);
    expect(hasRole("MEMBER", "ADMIN")).toBe(false);
    expect(hasRole("ADMIN", "OWNER")).toBe(false);
  });

  it("lets viewers read but not change", () => {
    expect(can("VIEWER", "team.view")).toBe(true);
    expect(can("VIEWER", "work.edit")).toBe(false);
    expect(can("MEMBER", "work.edit")).toBe(true);
    expect(can("MEMBER", "members.manage")).toBe(false);
  });

  it("only owners hand out or manage the owner role", () => {
    expect(assignableRoles("OWNER")).toEqual([...ROLES]);
    expect(assignableRoles("ADMIN")).toEqual(["ADMIN", "MEMBER", "VIEWER"]);
    expect(assignableRoles("MEMBER")).toEqual([]);
    expect(canManageMember("ADMIN", "OWNER")).toBe(false);
    expect(canManageMember("ADMIN", "MEMBER")).toBe(true);
    expect(canManageMember("OWNER", "OWNER")).toBe(true);
    expect(canManageMember("VIEWER", "VIEWER")).toBe(false);
  });
});
