/**
 * Every kind of email Evident sends, and whether a person may turn it off. Security messages
 * (password reset, address confirmation, email change, a sign-up attempt on your address) always
 * go out: they are how an account is recovered and how its owner learns of attempts on it.
 */
export const MAIL_KINDS = {
  password_reset: { security: true, label: "Password reset links" },
  email_verification: { security: true, label: "Address confirmation links" },
  email_change: { security: true, label: "Email address changes" },
  sign_up_attempt: { security: true, label: "Sign-up attempts with your address" },
  invitation: {
    security: false,
    label: "Team invitations",
    description: "When someone invites this address to a team on Evident.",
  },
  review_digest: {
    security: false,
    label: "Weekly review agenda",
    description: "On the morning of your team's weekly review: what is on its agenda, with links.",
  },
  experiment_ending: {
    security: false,
    label: "Experiments ending soon",
    description: "Two days before an experiment you own ends, so the last evidence is in before the review.",
  },
  experiment_overdue: {
    security: false,
    label: "Experiments past their end date",
    description: "The day an experiment you own runs past its end without a learning card.",
  },
  update_due: {
    security: false,
    label: "Investor updates due",
    description: "For admins and owners: when the next investor update is due, with its draft already composed from the evidence.",
  },
  investor_update: {
    security: false,
    personalLinks: true,
    label: "Investor updates",
    description: "Updates a team sends you as one of its investors, prospects or advisors. Each update also has a link to leave that one team's list.",
  },
  mention: {
    security: false,
    label: "Mentions",
    description: "When someone mentions you in a comment. It is in your inbox in Evident either way.",
  },
  watching: {
    security: false,
    label: "Activity on what you watch",
    description: "When a hypothesis or experiment you watch starts, reaches a verdict, concludes, changes status or gets a comment. You watch what you own or comment on.",
  },
  webhook_disabled: {
    security: false,
    label: "Webhooks turned off",
    description: "For admins and owners: when a webhook endpoint kept failing and Evident turned it off.",
  },
  gate_ready: {
    security: false,
    label: "Gates ready for a decision",
    description: "For admins and owners: when every criterion of a product's scale gate is met.",
  },
} as const satisfies Record<string, { security: boolean; personalLinks?: boolean; label: string; description?: string }>;

export type MailKind = keyof typeof MAIL_KINDS;

export const MAIL_KIND_NAMES = Object.keys(MAIL_KINDS) as MailKind[];

/** The kinds a person can turn off, in the order the preferences page lists them. */
export const OPTIONAL_MAIL_KINDS = MAIL_KIND_NAMES.filter((kind) => !MAIL_KINDS[kind].security);

export function isSecurityMail(kind: MailKind): boolean {
  return MAIL_KINDS[kind].security;
}

/** Mail whose body carries live links (a reset link, a recipient's personal link): cleared once sent or given up on. */
export function carriesLiveLinks(kind: MailKind): boolean {
  const info: { security: boolean; personalLinks?: boolean } = MAIL_KINDS[kind];
  return info.security || info.personalLinks === true;
}
