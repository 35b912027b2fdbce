import { z } from "zod";
import { EmailSchema } from "~/modules/auth/password";
import { isStorableText, versionField } from "~/utils/fields";
import { ROLES } from "./permissions";

export const TeamNameSchema = z
  .string({ error: "Enter a team name." })
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(60, "Keep the team name under 60 characters.")
  .refine(isStorableText, "The name holds a character that cannot be saved (such as NUL); remove it.");

export const CreateTeamSchema = z.object({ name: TeamNameSchema });

export const RenameTeamSchema = z.object({
  intent: z.literal("rename"),
  name: TeamNameSchema,
  version: versionField,
});

export const RoleSchema = z.enum(ROLES, { error: "Choose a role." });

export const MemberActionSchema = z.discriminatedUnion("intent", [
  // Without an address the invite is a link to share by hand; with one, it is also emailed there.
  z.object({ intent: z.literal("invite"), role: RoleSchema, email: z.preprocess((value) => (value === "" ? undefined : value), EmailSchema.optional()) }),
  z.object({ intent: z.literal("revoke-invite"), inviteId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal("change-role"),
    userId: z.string().min(1).max(64),
    role: RoleSchema,
    version: versionField.optional(),
  }),
  z.object({ intent: z.literal("remove"), userId: z.string().min(1).max(64) }),
]);
