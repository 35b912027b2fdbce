/**
 * The words of every email Evident sends, one builder per kind. Pure: given what happened and the
 * links to offer, each returns the content both parts are rendered from.
 */
import { describeAsk, describePeriodChange, formatNumber, INVESTOR_GROUPS, UPDATE_SECTIONS, type InvestorGroupName, type UpdateContent } from "~/modules/updates/content";
import type { EmailBlock, EmailContent } from "./content";
import { quoted } from "~/utils/quote";

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

/** What a reminder about one experiment names. */
type ExperimentReminder = {
  team: string;
  key: string;
  title: string;
  hypothesis: string;
  criterion: string;
  endsOn: string;
  observations: number;
  url: string;
  /** Why this person, in a clause: "you own H-3", "you planned E-7". */
  because: string;
  unsubscribeUrl?: string;
};

function evidenceSoFar(observations: number): string {
  if (observations === 0) return "None logged yet";
  return `${observations.toLocaleString("en-US")} ${observations === 1 ? "entry" : "entries"}`;
}

export function experimentEndingEmail(input: ExperimentReminder & { daysLeft: number }): EmailContent {
  const when = input.daysLeft === 0 ? "today" : input.daysLeft === 1 ? "tomorrow" : `in ${input.daysLeft} days`;
  return {
    subject: `${input.key} ends ${when}: ${input.title}`,
    preview: `Log the last evidence before ${input.endsOn}, so the review can decide on it.`,
    heading: `${input.key} ends ${when}`,
    blocks: [
      {
        type: "paragraph",
        text: `${quoted(input.title)} ends on ${input.endsOn}. Log the last evidence before then, so the team can decide at the review whether to persevere, pivot or kill, against the criterion it fixed at the start.`,
      },
      { type: "facts", rows: [["Experiment", `${input.key} · ${input.title}`], ["Tests", input.hypothesis], ["Success means", input.criterion], ["Evidence so far", evidenceSoFar(input.observations)], ["Ends on", input.endsOn]] },
      { type: "button", label: `Open ${input.key}`, url: input.url },
    ],
    footer: { reason: `You got this email because ${input.because} in ${input.team}.`, team: input.team, unsubscribeUrl: input.unsubscribeUrl },
  };
}

export function experimentOverdueEmail(input: ExperimentReminder & { daysOver: number }): EmailContent {
  const over = input.daysOver === 1 ? "yesterday" : `${input.daysOver} days ago`;
  return {
    subject: `${input.key} is past its end date: ${input.title}`,
    preview: `It ended ${over} and is still running. Conclude it or extend it with a reason.`,
    heading: `${input.key} ended ${over} and is still running`,
    blocks: [
      {
        type: "paragraph",
        text: `${quoted(input.title)} was timeboxed to end on ${input.endsOn}. Conclude it with a learning card, so the evidence becomes a decision, or extend it with a reason the team can see.`,
      },
      { type: "facts", rows: [["Experiment", `${input.key} · ${input.title}`], ["Tests", input.hypothesis], ["Success means", input.criterion], ["Evidence so far", evidenceSoFar(input.observations)], ["Ended on", input.endsOn]] },
      { type: "button", label: `Conclude ${input.key}`, url: `${input.url}/conclude` },
      { type: "note", text: `To extend it instead, open ${input.key} and change its end date: ${input.url}` },
    ],
    footer: { reason: `You got this email because ${input.because} in ${input.team}.`, team: input.team, unsubscribeUrl: input.unsubscribeUrl },
  };
}

export function gateReadyEmail(input: {
  team: string;
  product: string;
  met: number;
  url: string;
  unsubscribeUrl?: string;
}): EmailContent {
  const criteria = input.met === 1 ? "Its one criterion is met" : `All ${input.met} of its criteria are met`;
  return {
    subject: `${input.product} is ready for a gate decision`,
    preview: `${criteria}. Open the gate to scale, or hold it, with a reason the team will see.`,
    heading: `The ${input.product} gate is ready`,
    blocks: [
      { type: "paragraph", text: `${criteria}: the evidence the team asked for before scaling ${input.product} is in. Decide on the record: open the gate and scale, or hold it and say why.` },
      { type: "facts", rows: [["Product", input.product], ["Criteria met", `${input.met} of ${input.met}`]] },
      { type: "button", label: "Decide on the gate", url: input.url },
    ],
    footer: { reason: `You got this email because the admins and owners of ${input.team} decide its gates, and you are one of them.`, team: input.team, unsubscribeUrl: input.unsubscribeUrl },
  };
}

export function updateDueEmail(input: { team: string; period: string; cadence: string; url: string; unsubscribeUrl?: string }): EmailContent {
  return {
    subject: `${input.team}: the ${input.period} investor update is due`,
    preview: "Its draft is composed from the evidence: tell the story around it, preview, publish.",
    heading: `Your ${input.period} update is ready to write`,
    blocks: [
      {
        type: "paragraph",
        text: `${input.team} sends its investors an update ${input.cadence.toLowerCase()}, and the one for ${input.period} is due. Evident has composed its draft from the evidence of the period — signals, learnings, experiments and gate decisions — so what is left is the story around it.`,
      },
      { type: "button", label: "Write the update", url: input.url },
    ],
    footer: { reason: `You got this email because you are an admin or owner of ${input.team}, which asked to be reminded of its investor updates.`, team: input.team, unsubscribeUrl: input.unsubscribeUrl },
  };
}

export function reviewDigestEmail(input: {
  team: string;
  /** When the review is: "today at 10:00 (Europe/London)", "on Monday at 10:00 (…)", or null when the team has not set it. */
  occasion: string | null;
  /** The standing schedule for the footer: "Mondays at 10:00 (Europe/London)". */
  schedule: string | null;
  itemCount: number;
  sections: Extract<EmailBlock, { type: "list" }>[];
  reviewUrl: string;
  unsubscribeUrl?: string;
}): EmailContent {
  const items = input.itemCount === 1 ? "1 item" : `${input.itemCount.toLocaleString("en-US")} items`;
  const today = input.occasion?.startsWith("today") ?? false;
  const review = today ? `${input.team} review today` : `${input.team} review agenda`;
  return {
    subject: input.itemCount === 0 ? `${review}: nothing needs a decision` : `${review}: ${items} to decide`,
    preview: input.itemCount === 0 ? "No experiment is overdue or ending, and no verdict changed." : `What needs a decision at the review${input.occasion ? ` ${input.occasion}` : ""}.`,
    heading: input.itemCount === 0 ? "Nothing on the agenda" : `${items} on the agenda`,
    blocks: [
      {
        type: "paragraph",
        text: `The agenda for ${input.team}'s weekly review${input.occasion ? `, ${input.occasion}` : ""}, from the evidence as it stands now.`,
      },
      ...input.sections,
      { type: "button", label: "Open the review", url: input.reviewUrl },
    ],
    footer: {
      reason: input.schedule
        ? `You got this email because you are a member of ${input.team}, which holds its weekly review on ${input.schedule}.`
        : `You got this email because you are a member of ${input.team}.`,
      team: input.team,
      unsubscribeUrl: input.unsubscribeUrl,
    },
  };
}

export function investorUpdateEmail(input: {
  /** The recipient's edition of the published update. */
  update: UpdateContent;
  sender: string;
  recipient: string;
  group: InvestorGroupName;
  url: string;
  unsubscribeUrl?: string;
}): EmailContent {
  const { update } = input;
  const firstName = input.recipient.trim().split(/\s+/)[0] || input.recipient;
  const blocks: EmailContent["blocks"] = [
    { type: "paragraph", text: `Hi ${firstName}, here is ${update.teamName}'s update for ${update.periodStart} to ${update.periodEnd}, from ${input.sender}.` },
  ];
  for (const section of ["highlights", "lowlights", "followUp", "asks"] as const) {
    if (section === "followUp") {
      const asked = update.previousAsks?.items ?? [];
      if (asked.length) blocks.push({ type: "list", title: UPDATE_SECTIONS.followUp, items: asked.map((item) => ({ text: describeAsk(item) })), total: asked.length, empty: "" });
    } else if (update[section].trim()) blocks.push({ type: "markdown", title: UPDATE_SECTIONS[section], text: update[section] });
  }
  if (update.signals.length) {
    blocks.push({
      type: "list",
      title: "Traction",
      items: update.signals.map((signal) => ({ text: `${signal.name}: ${formatNumber(signal.end, signal.unit)} — ${describePeriodChange(signal)} over the period` })),
      total: update.signals.length,
      empty: "",
    });
  }
  if (update.learnings.length) {
    blocks.push({
      type: "list",
      title: "What we learned",
      items: update.learnings.map((learning) => ({ text: `${learning.key} ${learning.status === "VALIDATED" ? "validated" : "invalidated"}: ${learning.statement}` })),
      total: update.learnings.length,
      empty: "",
    });
  }
  blocks.push(
    { type: "button", label: "Read the full update", url: input.url },
    { type: "note", text: `This link is yours: it opens the full update, and from it every update ${update.teamName} has sent you. Please do not forward it.` },
  );
  const preview = update.highlights.replace(/[#*_`>\[\]()-]/g, " ").replace(/\s+/g, " ").trim().slice(0, 140);
  return {
    // "Ledgerly — March update" already says whose it is.
    subject: update.title.toLowerCase().includes(update.teamName.toLowerCase()) ? update.title : `${update.teamName}: ${update.title}`,
    preview: preview || `${update.teamName}'s update for ${update.periodStart} to ${update.periodEnd}.`,
    heading: update.title,
    blocks,
    footer: {
      reason: `You got this email because ${update.teamName} keeps you on its investor update list as ${/^[aeiou]/.test(INVESTOR_GROUPS[input.group].one) ? "an" : "a"} ${INVESTOR_GROUPS[input.group].one}.`,
      team: update.teamName,
      unsubscribeUrl: input.unsubscribeUrl,
    },
  };
}

/** An inbox entry, emailed: a mention, or news of something the person watches. */
export function eventEmail(input: {
  team: string;
  /** "Maya Patel mentioned you on E-7" */
  headline: string;
  subjectTitle: string;
  /** The comment, when the event carries one. */
  quote?: string;
  url: string;
  reason: "mention" | "watching";
  inboxUrl: string;
  unsubscribeUrl?: string;
}): EmailContent {
  return {
    subject: `${input.headline} · ${input.subjectTitle}`,
    preview: input.quote ? input.quote.slice(0, 140) : input.subjectTitle,
    heading: input.headline,
    blocks: [
      { type: "paragraph", text: input.subjectTitle },
      // The comment as its author typed it, as the app shows it: no Markdown, so no link labels to mislead.
      ...(input.quote ? [{ type: "quote" as const, text: input.quote }] : []),
      { type: "button", label: "Open in Evident", url: input.url },
      { type: "note", text: `Everything that happens to what you watch is also in your inbox: ${input.inboxUrl}` },
    ],
    footer: {
      reason: input.reason === "mention" ? `You got this email because someone mentioned you in ${input.team}.` : `You got this email because you watch this in ${input.team}: you own it, commented on it or chose to watch it.`,
      team: input.team,
      unsubscribeUrl: input.unsubscribeUrl,
    },
  };
}

export function webhookDisabledEmail(input: { team: string; url: string; failures: number; lastError: string; settingsUrl: string; unsubscribeUrl?: string }): EmailContent {
  return {
    subject: `${input.team}: a webhook was turned off after ${input.failures} failed deliveries`,
    preview: `Evident could not deliver to ${input.url}. Check the endpoint, then turn it back on.`,
    heading: "A webhook endpoint was turned off",
    blocks: [
      { type: "paragraph", text: `Evident tried ${input.failures} times in a row to deliver events to this endpoint and every attempt failed, so it stopped sending there. Events are not queued for it while it is off.` },
      { type: "facts", rows: [["Endpoint", input.url], ["Last error", input.lastError]] },
      { type: "button", label: "Open the delivery log", url: input.settingsUrl },
    ],
    footer: { reason: `You got this email because you are an admin or owner of ${input.team}, who manage its webhooks.`, team: input.team, unsubscribeUrl: input.unsubscribeUrl },
  };
}
