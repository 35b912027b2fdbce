/**
 * The words of every email Evident sends, one builder per kind. Pure: given what happened and the
 * links to offer, each returns the content both parts are rendered from.
 */
import type { EmailContent } from "./content";

const SECURITY_REASON = "You got this email because of a request about the Evident account with this address. Emails about an account's security are sent whatever its email preferences are.";

export function passwordResetEmail(input: { name: string; resetUrl: string; minutes: number }): EmailContent {
  return {
    subject: "Reset your Evident password",
    preview: `This link works for ${input.minutes} minutes and only once.`,
    heading: "Reset your password",
    blocks: [
      { type: "paragraph", text: `Hi ${input.name}, someone (hopefully you) asked to reset the password of your Evident account.` },
      { type: "button", label: "Choose a new password", url: input.resetUrl },
      {
        type: "note",
        text: `The link works for ${input.minutes} minutes and only once. Setting a new password signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.`,
      },
    ],
    footer: { reason: SECURITY_REASON },
  };
}

export function verifyEmailEmail(input: { name: string; verifyUrl: string; hours: number }): EmailContent {
  return {
    subject: "Confirm your email address for Evident",
    preview: "One click, and you can create or join a team.",
    heading: "Confirm your email address",
    blocks: [
      { type: "paragraph", text: `Welcome to Evident, ${input.name}. Confirm that this address is yours, and you can create a team or accept an invitation.` },
      { type: "button", label: "Confirm my address", url: input.verifyUrl },
      { type: "note", text: `The link works for ${input.hours} hours. If you did not sign up for Evident, ignore this email; no account will be usable with this address until it is confirmed.` },
    ],
    footer: { reason: "You got this email because this address was used to sign up for Evident." },
  };
}

export function signUpAttemptEmail(input: { name: string; resetUrl: string; signInUrl: string; minutes: number }): EmailContent {
  return {
    subject: "Someone tried to sign up for Evident with your address",
    preview: "You already have an account. Sign in, or reset your password.",
    heading: "You already have an account",
    blocks: [
      { type: "paragraph", text: `Hi ${input.name}, someone just tried to create a new Evident account with this address. No new account was made: the address already belongs to yours.` },
      { type: "paragraph", text: "If it was you, sign in instead. Forgotten your password? Choose a new one:" },
      { type: "button", label: "Reset my password", url: input.resetUrl },
      { type: "note", text: `The reset link works for ${input.minutes} minutes. If it was not you, you can ignore this email; nothing about your account has changed. Sign in at ${input.signInUrl}` },
    ],
    footer: { reason: SECURITY_REASON },
  };
}

export function emailChangeConfirmEmail(input: { name: string; newAddress: string; confirmUrl: string; hours: number }): EmailContent {
  return {
    subject: "Confirm your new email address for Evident",
    preview: `Use ${input.newAddress} to sign in to Evident from now on.`,
    heading: "Confirm your new address",
    blocks: [
      { type: "paragraph", text: `Hi ${input.name}, you asked to change the email address of your Evident account to ${input.newAddress}. Confirm it, and you will sign in with this address from then on.` },
      { type: "button", label: "Confirm the new address", url: input.confirmUrl },
      { type: "note", text: `The link works for ${input.hours} hours. If you did not ask for this, ignore this email; nothing changes.` },
    ],
    footer: { reason: SECURITY_REASON },
  };
}

export function emailChangeNoticeEmail(input: { name: string; newAddress: string; accountUrl: string; resetUrl: string }): EmailContent {
  return {
    subject: "Your Evident email address is being changed",
    preview: `A change to ${input.newAddress} was requested.`,
    heading: "Your email address is being changed",
    blocks: [
      { type: "paragraph", text: `Hi ${input.name}, someone signed in to your Evident account asked to change its email address to ${input.newAddress}. The change happens only once that address confirms it.` },
      { type: "paragraph", text: "If this was you, there is nothing to do. If it was not, someone knows your password: choose a new one now, which also signs everyone else out." },
      { type: "button", label: "Reset my password", url: input.resetUrl },
      { type: "note", text: `Your account settings: ${input.accountUrl}` },
    ],
    footer: { reason: SECURITY_REASON },
  };
}

export function invitationEmail(input: {
  team: string;
  inviter: string;
  role: string;
  inviteUrl: string;
  expiresOn: string;
  unsubscribeUrl?: string;
}): EmailContent {
  return {
    subject: `${input.inviter} invited you to ${input.team} on Evident`,
    preview: `Join ${input.team} as ${input.role.toLowerCase()}: record what you believe, test it, and decide on the evidence.`,
    heading: `Join ${input.team} on Evident`,
    blocks: [
      { type: "paragraph", text: `${input.inviter} invited you to ${input.team}. The team uses Evident to write down what it believes, test it in short experiments, and decide on the evidence.` },
      { type: "facts", rows: [["Team", input.team], ["Role", input.role], ["Invited by", input.inviter], ["Link valid until", input.expiresOn]] },
      { type: "button", label: `Join ${input.team}`, url: input.inviteUrl },
      { type: "note", text: "You will sign in or create an account to accept. If you were not expecting this, ignore this email." },
    ],
    footer: {
      reason: `You got this email because ${input.inviter} invited this address to ${input.team}.`,
      team: input.team,
      unsubscribeUrl: input.unsubscribeUrl,
    },
  };
}
