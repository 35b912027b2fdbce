import { z } from "zod";
import { EmailSchema, NameSchema, NewPasswordSchema } from "./password";

export const SignUpSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
  redirectTo: z.string().optional(),
});

export const SignInSchema = z.object({
  email: EmailSchema,
  // Existing passwords are checked as typed; only the length is capped to bound hashing work.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "Enter your password."),
  redirectTo: z.string().optional(),
});
