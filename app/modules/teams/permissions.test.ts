import { describe, expect, it } from "vitest";
import { ROLES, assignableRoles, can, canDecideProposal, canManageMember, hasRole } from "./permissions";

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

describe("the scale gate (ADR 017)", () => {
  it("admins and owners decide the gate and proposals; members propose; viewers neither", () => {
    for (const role of ["OWNER", "ADMIN"] as const) {
      expect(can(role, "gate.decide")).toBe(true);
      expect(can(role, "proposals.decide")).toBe(true);
    }
    expect(can("MEMBER", "gate.decide")).toBe(false);
    expect(can("MEMBER", "proposals.decide")).toBe(false);
    expect(can("MEMBER", "proposals.create")).toBe(true);
    expect(can("VIEWER", "proposals.create")).toBe(false);
  });

  it("no one approves their own proposal, but its author may withdraw it", () => {
    expect(canDecideProposal("OWNER", { verdict: "APPROVED", ownProposal: true })).toBe(false);
    expect(canDecideProposal("ADMIN", { verdict: "APPROVED", ownProposal: true })).toBe(false);
    expect(canDecideProposal("ADMIN", { verdict: "APPROVED", ownProposal: false })).toBe(true);
    expect(canDecideProposal("ADMIN", { verdict: "REJECTED", ownProposal: true })).toBe(true);
    expect(canDecideProposal("MEMBER", { verdict: "REJECTED", ownProposal: true })).toBe(false);
  });
});
