import { Field } from "./form";
import type { ActionFailure } from "~/utils/http.server";

/** The three fields of a new account, shared by sign-up and invite acceptance. */
export function SignUpFields({ failure, email }: { failure?: ActionFailure; email?: string }) {
  return (
    <>
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={failure?.values?.name ?? ""} error={failure?.fieldErrors.name} />
      <Field
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={failure?.values?.email ?? email ?? ""}
        error={failure?.fieldErrors.email}
      />
      <NewPasswordField label="Password" name="password" error={failure?.fieldErrors.password} />
    </>
  );
}

/** A field for choosing a password: the rule stated under it (sign-up, reset, change). */
export function NewPasswordField({ label, name, error }: { label: string; name: string; error?: string }) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      maxLength={128}
      help="8 to 128 characters. A passphrase of a few words works well."
      error={error}
    />
  );
}
