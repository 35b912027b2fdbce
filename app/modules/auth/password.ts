import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// The most common leaked passwords that satisfy the length rule; rejecting them stops the
// cheapest guessing attacks without composition rules that push people toward worse habits.
const COMMON_PASSWORDS = new Set([
  "12345678", "123456789", "1234567890", "123123123", "11111111", "00000000", "87654321",
  "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword",
  "qwerty123", "qwertyuiop", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx", "asdfghjkl",
  "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "welcome1",
  "welcome123", "letmein1", "trustno1", "superman", "starwars", "whatever", "abcd1234",
  "abc12345", "abcdefgh", "admin123", "administrator", "changeme", "computer", "internet",
  "michelle", "jennifer", "corvette", "mercedes", "dragon123", "monkey123", "shadow123",
  "master123", "1qaz2wsx", "qazwsxedc", "11223344", "12341234", "secret123", "evident123",
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** The password rule for new passwords. Never trims or truncates what the person typed. */
export const NewPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((value) => !isCommonPassword(value), "This password is too common. Choose one that's harder to guess.");

export const EmailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@company.com." }))
  .transform((value) => value.toLowerCase());

export const NameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Keep the name under 100 characters.");
