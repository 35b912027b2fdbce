/**
 * Fuzzing every form action with generated bodies: the real field names of each form (and each
 * intent) holding junk, duplicated, missing or extra keys, raw junk and multipart bodies, and
 * uploads for the import routes. Properties, for every request:
 *   - the status is never 5xx;
 *   - a refusal (4xx) wrote nothing: the whole-database fingerprint is unchanged;
 *   - a success wrote only the tables that action is meant to touch, left every maintained
 *     aggregate equal to a recount, and the page still renders.
 * Requests come from the fixture team's owner with our own Origin, so they reach the action.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPE_NAMES } from "~/modules/events/catalog";
import { exportTeam } from "~/modules/export/export.server";
import { DECISIONS, METHODS, METRIC_KINDS } from "~/modules/experiments/vocabulary";
import { CATEGORIES, STATUSES } from "~/modules/hypotheses/vocabulary";
import { ROLES } from "~/modules/teams/permissions";
import { PASSWORD } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import {
  brokenInvariants,
  fixtureDatabase,
  changedTables,
  databaseFingerprint,
  encodeBody,
  EVENT_TABLES,
  EVIDENCE_TABLES,
  formEntries,
  formsInHtml,
  fuzzParameters,
  intentsInSource,
  junkDate,
  junkFor,
  junkNumber,
  junkString,
  jsonMutations,
  preview,
  rawJunkBody,
  resolver,
  routeFilesExporting,
  send,
  taint,
  unexpectedTables,
  type Body,
  type FieldSpec,
  type Fixture,
  trace,
} from "./fuzz-support";

const RUNS = 20;
const TEST_TIMEOUT = 600_000;

// ------------------------------------------------------------------------------------- specs

type IntentSpec = {
  /** A body the action accepts on a fresh fixture (markers allowed). */
  valid: Record<string, string>;
  /** What each field holds, to pick the junk most likely to hurt it. */
  fields?: Record<string, FieldSpec>;
  /** Tables a successful request may change. */
  writes: readonly string[];
  /** Where to post; the first is the one the valid body is for, the rest are other targets. */
  paths: string[];
  /** Who posts: the fixture team's owner (default), its admin, or nobody signed in. */
  client?: Client;
  /** An action that refuses every request (a catch-all): the valid body is refused too. */
  refusesAll?: boolean;
  /** Bodies of its own (uploads), instead of form entries built on `valid`; `validBody` is then the accepted one. */
  bodies?: fc.Arbitrary<Body>;
  validBody?: Body;
};

type Client = "owner" | "admin" | "anonymous";

type FormSpec = {
  file: string;
  intents: Record<string, IntentSpec>;
  /** Pages that render forms posting to this action (`action`, by default the page itself), and who looks at them. */
  pages: { path: string; client?: Client; action?: string }[];
  /** Tables a refused request may still change by design (failed sign-ins are counted). */
  refusalWrites?: readonly string[];
};

const ACTIVITY = "ActivityEvent";
/** A comment tells its watchers (their inbox, their email, the team's webhooks) and the people it mentions. */
const COMMENT_WRITES = ["Comment", ACTIVITY, ...EVENT_TABLES];
const team = "/t/«team.slug»";
const experimentPaths = (suffix: string, first: string) => [
  `${team}/experiments/«${first}.key»${suffix}`,
  ...["draft", "running", "counting", "concluded", "trashedExperiment"].filter((name) => name !== first).map((name) => `${team}/experiments/«${name}.key»${suffix}`),
  `${team}/experiments/E-999999${suffix}`,
  `${team}/experiments/%E2%80%AE${suffix}`,
  `/t/«other.slug»/experiments/E-1${suffix}`,
];

const text: FieldSpec = { kind: "text" };
const date: FieldSpec = { kind: "date" };
const version: FieldSpec = { kind: "version" };
const number: FieldSpec = { kind: "number" };
const enumOf = (values: readonly string[]): FieldSpec => ({ kind: "enum", values });
const id = (...ids: string[]): FieldSpec => ({ kind: "id", ids });

const experimentFields: Record<string, FieldSpec> = {
  hypothesisId: id("«hypothesis.id»", "«trashedHypothesis.id»"),
  title: text,
  method: enumOf(METHODS),
  plan: text,
  metricName: text,
  metricUnit: text,
  metricKind: enumOf(METRIC_KINDS),
  comparator: enumOf(["GTE", "LTE"]),
  target: number,
  startsOn: date,
  endsOn: date,
};
const experimentValid = {
  hypothesisId: "«hypothesis.id»",
  title: "Pricing page interview",
  method: "INTERVIEW",
  plan: "Talk to ten freelancers about invoicing.",
  metricName: "Said yes",
  metricUnit: "",
  metricKind: "RATE",
  comparator: "GTE",
  target: "20",
  startsOn: "«today»",
  endsOn: "«today+13»",
};
const hypothesisFields: Record<string, FieldSpec> = {
  productId: id("«product.id»"),
  statement: text,
  segment: text,
  category: enumOf(CATEGORIES),
  importance: { kind: "int" },
  ownerId: id("«admin.id»", "«viewer.id»", "«other.owner.email»"),
};
const webhookFields: Record<string, FieldSpec> = {
  url: enumOf(["https://93.184.216.34/hook", "http://127.0.0.1:9/x", "http://10.0.0.1/", "http://169.254.169.254/", "http://[::1]/", "http://localhost/", "https://user:pw@93.184.216.34/", "ftp://93.184.216.34/", "not a url", ""]),
  description: text,
  format: enumOf(["STANDARD", "SLACK"]),
  events: enumOf([...EVENT_TYPE_NAMES, "webhook.test"]),
};
const hypothesisValid = { productId: "«product.id»", statement: "Bookkeepers will pay for automatic reminders.", segment: "Bookkeepers", category: "VIABILITY", importance: "4", ownerId: "«member.id»" };

const csvCell = fc.oneof(junkString, junkNumber, junkDate, fc.constantFrom('"', '""', '"a,b"', "\r\n", ",", "=1+1", "said", "paid", "5"));
const csvRows = (header: string, validRow: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(validRow, { minLength: 1, maxLength: 5 }).map((rows) => [header, ...rows].join("\r\n")) },
    {
      weight: 4,
      arbitrary: fc
        .array(fc.oneof(validRow, fc.array(csvCell, { maxLength: 8 }).map((cells) => cells.join(","))), { minLength: 0, maxLength: 6 })
        .chain((rows) => fc.tuple(fc.constantFrom(header, header.toUpperCase(), header.split(",").reverse().join(","), "", "a,b,c", `${header},extra`), fc.constant(rows), fc.constantFrom("\r\n", "\n", "\r")))
        .map(([head, rows, newline]) => [head, ...rows].join(newline)),
    },
    { weight: 2, arbitrary: junkString },
  );
const observationCsv = csvRows(
  "observed_on,successes,trials,note,source,strength",
  fc.tuple(fc.integer({ min: -4, max: 1 }), fc.nat({ max: 50 }), fc.nat({ max: 60 }), fc.constantFrom("", "a note", '"quoted, note"'), fc.constantFrom("", "analytics"), fc.constantFrom("1", "2", "said", "paid", "")).map(
    ([day, successes, trials, note, source, strength]) => `«today${day}»,${successes},${trials},${note},${source},${strength}`,
  ),
);
const signalCsv = csvRows(
  "date,value,note",
  fc.tuple(fc.integer({ min: -60, max: 1 }), fc.oneof(fc.nat({ max: 500 }).map(String), junkNumber), fc.constantFrom("", "a note")).map(([day, value, note]) => `«today${day}»,${value},${note}`),
);

/** Multipart uploads: the file (or the pasted `csv` field of the confirm step), with or without `intent=confirm`. */
function uploads(csv: fc.Arbitrary<string>, extra: fc.Arbitrary<[string, string][]>): fc.Arbitrary<Body> {
  return fc
    .record({
      csv,
      asFile: fc.boolean(),
      confirm: fc.constantFrom("confirm", "confirm", "", "CONFIRM", "preview"),
      extra,
      fileName: fc.constantFrom("evidence.csv", "", "../../evil.csv", "a".repeat(300) + ".csv", "ünïcode.csv"),
      type: fc.constantFrom("text/csv", "application/octet-stream", "image/png", ""),
    })
    .map(({ csv: content, asFile, confirm, extra: more, fileName, type }): Body => ({
      kind: "multipart",
      entries: [...(confirm ? ([["intent", confirm]] as [string, string][]) : []), ...(asFile ? [] : ([["csv", content]] as [string, string][])), ...more],
      files: asFile ? [{ field: "file", name: fileName, content, type }] : [],
    }));
}

const FORMS: FormSpec[] = [
  {
    // The catch-all: 405 for a post to an unknown page, the API's JSON 404 under /api/.
    file: "$.tsx",
    pages: [],
    intents: {
      "": {
        paths: ["/no/such/page", "/t/«team.slug»/no/such/page", "/api/v1/%0A", "/api/%0D%0Ax"],
        valid: { intent: "create", name: "Nothing here" },
        fields: { intent: text, name: text },
        writes: [],
        refusesAll: true,
      },
    },
  },
  {
    file: "account.tsx",
    pages: [{ path: "/account" }],
    // Limits on emails asked for are counted before the password or address is judged.
    refusalWrites: ["LoginAttempt"],
    intents: {
      profile: { paths: ["/account"], valid: { intent: "profile", name: "Olivia O. Owner" }, fields: { name: text }, writes: ["User"] },
      password: {
        paths: ["/account"],
        valid: { intent: "password", currentPassword: PASSWORD, newPassword: "another sturdy passphrase", confirm: "another sturdy passphrase" },
        fields: { currentPassword: { kind: "password" }, newPassword: { kind: "password" }, confirm: { kind: "password" } },
        writes: ["User", "Session", "AccountToken"],
      },
      email: {
        paths: ["/account"],
        valid: { intent: "email", newEmail: "olivia-«fresh»@example.com", password: PASSWORD },
        fields: { newEmail: { kind: "email" }, password: { kind: "password" } },
        writes: ["AccountToken", "OutboxMessage", "LoginAttempt"],
      },
      // The owner's address is confirmed: nothing to send, nothing written.
      "resend-confirmation": { paths: ["/account"], valid: { intent: "resend-confirmation" }, writes: [] },
    },
  },
  {
    file: "account_.notifications.tsx",
    pages: [{ path: "/account/notifications" }],
    intents: { "": { paths: ["/account/notifications"], valid: { subscribed: "invitation" }, fields: { subscribed: enumOf(["invitation", "password_reset", "nonsense"]) }, writes: ["MailOptOut"] } },
  },
  {
    file: "forgot-password.tsx",
    pages: [{ path: "/forgot-password", client: "anonymous" }],
    refusalWrites: ["LoginAttempt"],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/forgot-password"],
        valid: { email: "«owner.email»" },
        fields: { email: { kind: "email" } },
        writes: ["AccountToken", "OutboxMessage", "LoginAttempt"],
      },
    },
  },
  {
    file: "reset-password.$token.tsx",
    pages: [{ path: "/reset-password/«resetLink.token»", client: "anonymous" }],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/reset-password/«resetLink.token»", "/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/reset-password/«confirmLink.token»", "/reset-password/%00"],
        valid: { password: "a sturdy new passphrase", confirm: "a sturdy new passphrase" },
        fields: { password: { kind: "password" }, confirm: { kind: "password" } },
        writes: ["User", "Session", "AccountToken", "LoginAttempt"],
      },
    },
  },
  {
    file: "verify-email.$token.tsx",
    pages: [{ path: "/verify-email/«confirmLink.token»", client: "anonymous" }],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/verify-email/«confirmLink.token»", "/verify-email/«resetLink.token»", "/verify-email/x", "/verify-email/«confirmLink.token»?next=%2F%2Fevil.example"],
        // The form posts no fields; whatever is posted is ignored.
        valid: { ignored: "yes" },
        writes: ["User", "Session", "AccountToken"],
      },
    },
  },
  {
    file: "confirm-email.$token.tsx",
    pages: [{ path: "/confirm-email/«emailChangeLink.token»", client: "anonymous" }],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/confirm-email/«emailChangeLink.token»", "/confirm-email/«resetLink.token»", "/confirm-email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
        valid: { ignored: "yes" },
        writes: ["User", "AccountToken", "MailOptOut"],
      },
    },
  },
  {
    file: "unsubscribe.$token.tsx",
    pages: [{ path: "/unsubscribe/«unsubscribe.token»", client: "anonymous" }],
    intents: {
      unsubscribe: {
        client: "anonymous",
        paths: ["/unsubscribe/«unsubscribe.token»", "/unsubscribe/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/unsubscribe/%0A"],
        valid: { intent: "unsubscribe" },
        writes: ["MailOptOut"],
      },
      resubscribe: { client: "anonymous", paths: ["/unsubscribe/«unsubscribe.token»"], valid: { intent: "resubscribe" }, writes: ["MailOptOut"] },
      "#one-click": {
        client: "anonymous",
        paths: ["/unsubscribe/«unsubscribe.token»"],
        valid: { "List-Unsubscribe": "One-Click" },
        fields: { "List-Unsubscribe": enumOf(["One-Click", "one-click", ""]) },
        writes: ["MailOptOut"],
      },
    },
  },
  {
    file: "signin.tsx",
    pages: [{ path: "/signin", client: "anonymous" }],
    refusalWrites: ["LoginAttempt"],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/signin", "/signin?redirectTo=%2F%2Fevil.example", "/signin?index"],
        valid: { email: "«owner.email»", password: PASSWORD, redirectTo: "/teams" },
        fields: { email: { kind: "email" }, password: { kind: "password" }, redirectTo: text },
        writes: ["Session", "LoginAttempt"],
      },
    },
  },
  {
    file: "signout.tsx",
    pages: [{ path: "/account", action: "/signout" }],
    intents: { "": { paths: ["/signout"], valid: { scope: "all" }, fields: { scope: enumOf(["this", "all"]) }, writes: ["Session"] } },
  },
  {
    file: "signup.tsx",
    pages: [{ path: "/signup", client: "anonymous" }],
    intents: {
      "": {
        client: "anonymous",
        paths: ["/signup", "/signup?redirectTo=https%3A%2F%2Fevil.example"],
        valid: { name: "Ada Fuzz", email: "ada-«fresh»@example.com", password: "a sturdy passphrase 42", redirectTo: "" },
        fields: { name: text, email: { kind: "email" }, password: { kind: "password" }, redirectTo: text },
        writes: ["User", "AccountToken", "OutboxMessage", "LoginAttempt"],
      },
    },
  },
  {
    file: "teams.new.tsx",
    pages: [{ path: "/teams/new" }],
    intents: { "": { paths: ["/teams/new"], valid: { name: "Fuzzed team «fresh»" }, writes: ["Team", "Membership", ACTIVITY] } },
  },
  {
    file: "invite.$token.tsx",
    pages: [
      { path: "/invite/«joinInvite.token»" },
      { path: "/invite/«joinInvite.token»", client: "anonymous" },
    ],
    intents: {
      accept: {
        paths: ["/invite/«joinInvite.token»", "/invite/aaaaaaaaaaaaaaaaaaaa", "/invite/%00", "/invite/«shareLink.token»"],
        valid: { intent: "accept" },
        writes: ["Membership", "Invite", ACTIVITY],
      },
      signup: {
        client: "anonymous",
        paths: ["/invite/«joinInvite.token»", "/invite/aaaaaaaaaaaaaaaaaaaa", "/invite/x"],
        valid: { intent: "signup", name: "Ivy Invited", email: "ivy-«fresh»@example.com", password: "a sturdy passphrase 42" },
        fields: { name: text, email: { kind: "email" }, password: { kind: "password" } },
        writes: ["User", "Session", "Membership", "Invite", ACTIVITY, "AccountToken", "OutboxMessage", "LoginAttempt"],
      },
    },
  },
  {
    file: "t.$team.experiments.$key._index.tsx",
    pages: [{ path: `${team}/experiments/«draft.key»` }, { path: `${team}/experiments/«running.key»` }],
    intents: {
      start: { paths: experimentPaths("", "draft"), valid: { intent: "start", version: "«draft.version»" }, fields: { version }, writes: ["Experiment", "Hypothesis", ACTIVITY, ...EVENT_TABLES] },
      observe: {
        paths: experimentPaths("", "running"),
        valid: { intent: "observe", observedOn: "«today-1»", successes: "3", trials: "10", value: "", note: "Clicked twice.", source: "analytics", strength: "2" },
        fields: { observedOn: date, successes: { kind: "int" }, trials: { kind: "int" }, value: number, note: text, source: text, strength: enumOf(["1", "2", "3", "4"]) },
        writes: EVIDENCE_TABLES,
      },
      // The same intent on a COUNT experiment, where `value` is the measurement.
      "observe#count": {
        paths: experimentPaths("", "counting"),
        valid: { intent: "observe", observedOn: "«today-1»", successes: "", trials: "", value: "7", note: "", source: "", strength: "3" },
        fields: { observedOn: date, successes: { kind: "int" }, trials: { kind: "int" }, value: number, note: text, source: text, strength: enumOf(["1", "2", "3", "4"]) },
        writes: EVIDENCE_TABLES,
      },
      "trash-observation": {
        paths: experimentPaths("", "running"),
        valid: { intent: "trash-observation", observationId: "«observation.id»" },
        fields: { observationId: id("«trashedObservation.id»", "«other.observation.id»") },
        writes: EVIDENCE_TABLES,
      },
      extend: {
        paths: experimentPaths("", "running"),
        valid: { intent: "extend", endsOn: "«today+20»", reason: "We need another week of traffic.", version: "«running.version»" },
        fields: { endsOn: date, reason: text, version },
        writes: ["Experiment", "Hypothesis", ACTIVITY],
      },
      abandon: {
        paths: experimentPaths("", "running"),
        valid: { intent: "abandon", reason: "The market moved on.", version: "«running.version»" },
        fields: { reason: text, version },
        writes: ["Experiment", "Hypothesis", ACTIVITY],
      },
      comment: { paths: experimentPaths("", "running"), valid: { intent: "comment", body: "Looks promising." }, fields: { body: text }, writes: COMMENT_WRITES },
      watch: { paths: experimentPaths("", "running"), valid: { intent: "watch", watching: "false" }, fields: { watching: enumOf(["true", "false"]) }, writes: ["Watch"] },
      trash: { paths: experimentPaths("", "running"), valid: { intent: "trash" }, writes: ["Experiment", "Hypothesis", ACTIVITY] },
      // A name already used (the fixture's "Reusable fake door") or a built-in one is refused; an empty one takes the title.
      "save-template": {
        paths: experimentPaths("", "running"),
        valid: { intent: "save-template", name: "Second fake door design" },
        fields: { name: { kind: "enum", values: ["Reusable fake door", "reusable FAKE door", "Old interview design", "Fake door", "", "A", "x".repeat(121)] } },
        writes: ["ExperimentTemplate", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.experiments.$key.conclude.tsx",
    pages: [{ path: `${team}/experiments/«running.key»/conclude` }, { path: `${team}/experiments/«running.key»/conclude?from=review` }],
    intents: {
      "": {
        paths: experimentPaths("/conclude", "running"),
        valid: { observed: "15 of 100 clicked.", learned: "People want it.", nextSteps: "Build the real thing.", decision: "PERSEVERE", version: "«running.version»", from: "review" },
        fields: { observed: text, learned: text, nextSteps: text, decision: enumOf(DECISIONS), version, from: enumOf(["review", "present", "https://evil.example", ""]) },
        writes: ["Experiment", "LearningCard", "Hypothesis", ACTIVITY, ...EVENT_TABLES],
      },
    },
  },
  {
    file: "t.$team.experiments.$key.edit.tsx",
    pages: [{ path: `${team}/experiments/«draft.key»/edit` }, { path: `${team}/experiments/«running.key»/edit` }],
    intents: {
      "": {
        paths: experimentPaths("/edit", "draft"),
        valid: { ...experimentValid, reason: "", version: "«draft.version»" },
        fields: { ...experimentFields, reason: text, version },
        writes: ["Experiment", "Hypothesis", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.experiments.$key.import.tsx",
    pages: [{ path: `${team}/experiments/«running.key»/import` }],
    intents: {
      "": {
        paths: experimentPaths("/import", "running"),
        valid: {},
        bodies: uploads(observationCsv, fc.constant([])),
        validBody: { kind: "multipart", entries: [["intent", "confirm"], ["csv", "observed_on,successes,trials,note,source,strength\r\n«today-1»,3,10,,,2\r\n"]] },
        writes: EVIDENCE_TABLES,
      },
    },
  },
  {
    file: "t.$team.experiments.new.tsx",
    pages: [{ path: `${team}/experiments/new` }, { path: `${team}/experiments/new?retest=«concluded.key»` }, { path: `${team}/experiments/new?template=«template.id»` }],
    intents: {
      "": {
        paths: [`${team}/experiments/new`, `${team}/experiments/new?retest=E-1`, `/t/«other.slug»/experiments/new`],
        valid: { ...experimentValid, retestOfId: "«concluded.id»" },
        fields: { ...experimentFields, retestOfId: id("«other.experiment.id»", "«running.id»") },
        writes: ["Experiment", "Team", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.experiments.templates.tsx",
    pages: [{ path: `${team}/experiments/templates` }],
    intents: (() => {
      const paths = [`${team}/experiments/templates`, `/t/«other.slug»/experiments/templates`];
      const templateId = id("«template.id»", "«trashedTemplate.id»", "«other.template.id»", "builtin-fake-door");
      return {
        rename: {
          paths,
          valid: { intent: "rename", id: "«template.id»", version: "«template.version»", name: "Fake door, reused" },
          fields: { id: templateId, version, name: { kind: "enum", values: ["Reusable fake door", "Old interview design", "Pre-sale", "", "A", "x".repeat(121)] } },
          writes: ["ExperimentTemplate", ACTIVITY],
        },
        trash: { paths, valid: { intent: "trash", id: "«template.id»" }, fields: { id: templateId }, writes: ["ExperimentTemplate", ACTIVITY] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.gate.$product._index.tsx",
    pages: [{ path: `${team}/gate/«product.id»` }],
    intents: (() => {
      const paths = [`${team}/gate/«product.id»`, `${team}/gate/«other.product.id»`, `${team}/gate/nope`, `/t/«other.slug»/gate/«other.product.id»`];
      const signal = id("«other.signal.id»");
      return {
        "add-signal": {
          paths,
          valid: { intent: "add-signal", name: "Weekly actives", unit: "people", direction: "UP", description: "" },
          fields: { name: text, unit: text, direction: enumOf(["UP", "DOWN"]), description: text },
          writes: ["Signal", ACTIVITY],
        },
        "record-point": {
          paths,
          valid: { intent: "record-point", signalId: "«signal.id»", date: "«today-1»", value: "11", note: "" },
          fields: { signalId: signal, date, value: number, note: text },
          writes: ["SignalPoint", ACTIVITY],
        },
        "add-criterion": {
          paths,
          valid: { intent: "add-criterion", kind: "SIGNAL_SUSTAINED", signalId: "«signal.id»", comparator: "GTE", threshold: "50", weeks: "4", hypothesisId: "«hypothesis.id»" },
          fields: { kind: enumOf(["SIGNAL_SUSTAINED", "BOTTLENECK", "HYPOTHESIS_VALIDATED"]), signalId: signal, comparator: enumOf(["GTE", "LTE"]), threshold: number, weeks: { kind: "int" }, hypothesisId: id("«other.hypothesis.id»", "«trashedHypothesis.id»") },
          writes: ["GateCriterion", ACTIVITY],
        },
        "remove-criterion": { paths, valid: { intent: "remove-criterion", criterionId: "«criterion.id»" }, fields: { criterionId: id() }, writes: ["GateCriterion", ACTIVITY] },
        decide: {
          paths,
          valid: { intent: "decide", action: "HOLD", rationale: "Not enough paying customers yet." },
          fields: { action: enumOf(["OPEN", "HOLD"]), rationale: text },
          writes: ["Product", "GateDecision", ACTIVITY, ...EVENT_TABLES],
        },
        propose: {
          paths,
          valid: { intent: "propose", title: "Move reports to a worker", description: "", signalId: "«signal.id»", comparator: "GTE", threshold: "40", weeks: "2" },
          fields: { title: text, description: text, signalId: signal, comparator: enumOf(["GTE", "LTE"]), threshold: number, weeks: { kind: "int" } },
          writes: ["ScaleProposal", ACTIVITY],
        },
        "decide-proposal": {
          paths,
          valid: { intent: "decide-proposal", proposalId: "«readyProposal.id»", verdict: "APPROVED", note: "", version: "«readyProposal.version»" },
          fields: { proposalId: id("«proposal.id»"), verdict: enumOf(["APPROVED", "REJECTED"]), note: text, version },
          writes: ["ScaleProposal", ACTIVITY, ...EVENT_TABLES],
        },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.gate.$product.import.tsx",
    pages: [{ path: `${team}/gate/«product.id»/import` }],
    intents: {
      "": {
        paths: [`${team}/gate/«product.id»/import`, `${team}/gate/«other.product.id»/import`],
        valid: {},
        bodies: uploads(signalCsv, fc.oneof(fc.constant<[string, string][]>([["signalId", "«signal.id»"]]), fc.constant<[string, string][]>([["signalId", "«signal.id»"]]), junkFor("id", { ids: ["«other.signal.id»"] }).map((value): [string, string][] => [["signalId", value]]))),
        validBody: { kind: "multipart", entries: [["intent", "confirm"], ["signalId", "«signal.id»"], ["csv", "date,value,note\r\n«today-1»,15,\r\n"]] },
        writes: ["SignalPoint", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.inbox.tsx",
    pages: [{ path: `${team}/inbox` }, { path: `${team}/inbox?unread=1` }],
    intents: (() => {
      const paths = [`${team}/inbox`, `${team}/inbox?unread=1&before=«inboxEntry.id»`, `/t/«other.slug»/inbox`];
      // Someone else's ids, or ids of other things, find no entry.
      const fields = { id: id("«observation.id»", "«other.observation.id»", "«hypothesis.id»") };
      return {
        open: { paths, valid: { intent: "open", id: "«inboxEntry.id»" }, fields, writes: ["Notification"] },
        read: { paths, valid: { intent: "read", id: "«inboxEntry.id»" }, fields, writes: ["Notification"] },
        unread: { paths, valid: { intent: "unread", id: "«inboxEntry.id»" }, fields, writes: ["Notification"] },
        "read-all": { paths, valid: { intent: "read-all" }, writes: ["Notification"] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.hypotheses.$key._index.tsx",
    pages: [{ path: `${team}/hypotheses/«hypothesis.key»` }],
    intents: (() => {
      const paths = [`${team}/hypotheses/«hypothesis.key»`, `${team}/hypotheses/«trashedHypothesis.key»`, `${team}/hypotheses/H-0`, `${team}/hypotheses/H-99999999999`, `/t/«other.slug»/hypotheses/H-1`];
      return {
        comment: { paths, valid: { intent: "comment", body: "Who said this?" }, fields: { body: text }, writes: COMMENT_WRITES },
        watch: { paths, valid: { intent: "watch", watching: "false" }, fields: { watching: enumOf(["true", "false"]) }, writes: ["Watch"] },
        override: {
          paths,
          valid: { intent: "override", status: "VALIDATED", reason: "Three customers paid already.", version: "«hypothesis.version»" },
          fields: { status: enumOf(STATUSES), reason: text, version },
          writes: ["Hypothesis", ACTIVITY, ...EVENT_TABLES],
        },
        trash: { paths, valid: { intent: "trash" }, writes: ["Hypothesis", "Experiment", ACTIVITY] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.hypotheses.$key.edit.tsx",
    pages: [{ path: `${team}/hypotheses/«hypothesis.key»/edit` }],
    intents: {
      "": {
        paths: [`${team}/hypotheses/«hypothesis.key»/edit`, `${team}/hypotheses/«trashedHypothesis.key»/edit`, `/t/«other.slug»/hypotheses/H-1/edit`],
        valid: { ...hypothesisValid, version: "«hypothesis.version»" },
        fields: { ...hypothesisFields, version },
        writes: ["Hypothesis", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.hypotheses.new.tsx",
    pages: [{ path: `${team}/hypotheses/new` }],
    intents: { "": { paths: [`${team}/hypotheses/new`], valid: hypothesisValid, fields: hypothesisFields, writes: ["Hypothesis", "Team", ACTIVITY] } },
  },
  {
    file: "t.$team.review._index.tsx",
    pages: [{ path: `${team}/review` }],
    intents: {
      "": {
        paths: [`${team}/review?index`, `${team}/review`],
        valid: { heldOn: "«today»", attendees: "Olivia, Sam", notes: "Good week.", decisions: "Keep going." },
        fields: { heldOn: date, attendees: text, notes: text, decisions: text },
        // Recording claims the open action items for this review.
        writes: ["Review", "ActionItem", ACTIVITY, ...EVENT_TABLES],
      },
      ...agendaDecisions([`${team}/review?index`, `${team}/review`, `/t/«other.slug»/review?index`]),
    },
  },
  {
    file: "t.$team_.review.present.tsx",
    pages: [{ path: `${team}/review/present` }, { path: `${team}/review/present?item=2` }],
    intents: agendaDecisions([`${team}/review/present?item=1`, `${team}/review/present?item=-1`, `/t/«other.slug»/review/present`]),
  },
  {
    file: "t.$team.settings._index.tsx",
    pages: [{ path: `${team}/settings` }],
    intents: {
      rename: { paths: [`${team}/settings?index`], valid: { intent: "rename", name: "Renamed «fresh»", version: "«team.version»" }, fields: { name: text, version }, writes: ["Team", ACTIVITY] },
      // The owner is the team's only owner and may not leave; its admin may.
      leave: { client: "admin", paths: [`${team}/settings?index`], valid: { intent: "leave" }, writes: ["Membership", ACTIVITY] },
      "review-schedule": {
        paths: [`${team}/settings?index`],
        valid: { intent: "review-schedule", weekday: "1", time: "10:00", timeZone: "Europe/London" },
        fields: { weekday: enumOf(["1", "7", "0", "8", "x"]), time: text, timeZone: enumOf(["UTC", "Europe/London", "Mars/Olympus", ""]) },
        writes: ["Team", ACTIVITY],
      },
      "clear-review-schedule": { paths: [`${team}/settings?index`], valid: { intent: "clear-review-schedule" }, writes: ["Team", ACTIVITY] },
      "update-cadence": { paths: [`${team}/settings?index`], valid: { intent: "update-cadence", months: "1" }, fields: { months: enumOf(["0", "1", "3", "2", "x"]) }, writes: ["Team", ACTIVITY] },
    },
  },
  {
    file: "t.$team.settings.data.tsx",
    pages: [{ path: `${team}/settings/data` }],
    intents: {
      "": {
        paths: [`${team}/settings/data`],
        valid: {},
        bodies: fc
          .record({
            name: fc.option(fc.oneof({ weight: 4, arbitrary: fc.constant("Imported «fresh»") }, { weight: 1, arbitrary: taint("Imported «fresh»") }, { weight: 1, arbitrary: junkString }), { nil: undefined }),
            mutations: jsonMutations,
            // Mostly the real export, changed a little, so that imports often succeed and their writes get checked.
            asJson: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
            junk: junkString,
          })
          .map(({ name, mutations, asJson, junk }): Body => ({
            kind: "multipart",
            entries: name === undefined ? [] : [["name", name]],
            files: [{ field: "file", name: "export.json", type: "application/json", content: asJson ? "«export.json»" : junk, mutations: asJson ? mutations : undefined }],
          })),
        validBody: { kind: "multipart", entries: [["name", "Imported «fresh»"]], files: [{ field: "file", name: "export.json", type: "application/json", content: "«export.json»" }] },
        // An import creates a whole new team: every kind of row, but never sessions or tokens.
        writes: ["Team", "User", "Membership", "Product", "Hypothesis", "Experiment", "Observation", "ExperimentDay", "LearningCard", "Comment", "Signal", "SignalPoint", "GateCriterion", "GateDecision", "ScaleProposal", "Review", "ActionItem", "InvestorUpdate", "ExperimentTemplate", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.settings.members.tsx",
    pages: [{ path: `${team}/settings/members` }],
    intents: (() => {
      const paths = [`${team}/settings/members`];
      const user = id("«owner.id»", "«admin.id»", "«viewer.id»");
      return {
        invite: { paths, valid: { intent: "invite", role: "MEMBER", email: "new-colleague-«fresh»@example.com" }, fields: { role: enumOf(ROLES), email: { kind: "email" } }, writes: ["Invite", ACTIVITY, "OutboxMessage"] },
        "revoke-invite": { paths, valid: { intent: "revoke-invite", inviteId: "«invite.id»" }, fields: { inviteId: id("«other.invite.id»") }, writes: ["Invite", ACTIVITY] },
        "change-role": {
          paths,
          valid: { intent: "change-role", userId: "«member.id»", role: "ADMIN", version: "«member.version»" },
          fields: { userId: user, role: enumOf(ROLES), version },
          writes: ["Membership", ACTIVITY],
        },
        remove: { paths, valid: { intent: "remove", userId: "«member.id»" }, fields: { userId: user }, writes: ["Membership", "Hypothesis", ACTIVITY] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.settings.products.tsx",
    pages: [{ path: `${team}/settings/products` }],
    intents: {
      create: { paths: [`${team}/settings/products`], valid: { intent: "create", name: "Payroll «fresh»", description: "" }, fields: { name: text, description: text }, writes: ["Product", ACTIVITY] },
      update: {
        paths: [`${team}/settings/products`],
        valid: { intent: "update", id: "«product.id»", name: "Invoicing Pro", description: "The paid plan.", version: "«product.version»" },
        fields: { id: id("«other.product.id»"), name: text, description: text, version },
        writes: ["Product", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.settings.tokens.tsx",
    pages: [{ path: `${team}/settings/tokens` }],
    intents: {
      create: { paths: [`${team}/settings/tokens`], valid: { intent: "create", name: "Stripe sync", role: "MEMBER" }, fields: { name: text, role: enumOf(["MEMBER", "VIEWER", "ADMIN", "OWNER"]) }, writes: ["ApiToken", ACTIVITY] },
      revoke: { paths: [`${team}/settings/tokens`], valid: { intent: "revoke", tokenId: "«apiToken.id»" }, fields: { tokenId: id() }, writes: ["ApiToken", ACTIVITY] },
    },
  },
  {
    file: "t.$team.settings.webhooks._index.tsx",
    pages: [{ path: `${team}/settings/webhooks` }],
    intents: {
      create: {
        paths: [`${team}/settings/webhooks?index`, `${team}/settings/webhooks`, `/t/«other.slug»/settings/webhooks?index`],
        valid: { intent: "create", url: "https://93.184.216.34/hook", description: "Alerts", format: "STANDARD", events: "experiment.started" },
        fields: webhookFields,
        writes: ["WebhookEndpoint", ACTIVITY],
      },
    },
  },
  {
    file: "t.$team.settings.webhooks.$id.tsx",
    pages: [{ path: `${team}/settings/webhooks/«webhook.id»` }, { path: `${team}/settings/webhooks/«webhook.id»?secret=show&before=«failedDelivery.id»` }],
    intents: (() => {
      const paths = [
        `${team}/settings/webhooks/«webhook.id»`,
        `${team}/settings/webhooks/«other.webhook.id»`,
        `${team}/settings/webhooks/nope`,
        `${team}/settings/webhooks/${"x".repeat(65)}`,
        `${team}/settings/webhooks/«webhook.id»?before=«failedDelivery.id»`,
        `/t/«other.slug»/settings/webhooks/«other.webhook.id»`,
      ];
      const versioned = (intent: string): IntentSpec => ({ paths, valid: { intent, version: "«webhook.version»" }, fields: { version }, writes: ["WebhookEndpoint", ACTIVITY] });
      return {
        update: {
          paths,
          valid: { intent: "update", url: "https://93.184.216.34/other", description: "Changed", format: "SLACK", events: "gate.ready", version: "«webhook.version»" },
          fields: { ...webhookFields, version },
          writes: ["WebhookEndpoint", ACTIVITY],
        },
        disable: versioned("disable"),
        enable: versioned("enable"),
        rotate: versioned("rotate"),
        // Removing an endpoint takes its delivery log with it.
        delete: { paths, valid: { intent: "delete" }, writes: ["WebhookEndpoint", "WebhookDelivery", "WebhookAttempt", ACTIVITY] },
        test: { paths, valid: { intent: "test" }, writes: ["WebhookDelivery"] },
        retry: { paths, valid: { intent: "retry", deliveryId: "«failedDelivery.id»" }, fields: { deliveryId: id("«other.failedDelivery.id»", "msg_nope", "«webhook.id»") }, writes: ["WebhookDelivery"] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.settings.trash.tsx",
    pages: [{ path: `${team}/settings/trash` }],
    intents: {
      "": {
        paths: [`${team}/settings/trash`],
        valid: { kind: "experiment", id: "«trashedExperiment.id»" },
        fields: { kind: enumOf(["hypothesis", "experiment", "observation", "template"]), id: id("«trashedHypothesis.id»", "«trashedObservation.id»", "«observation.id»", "«running.id»", "«trashedTemplate.id»", "«template.id»") },
        writes: ["Hypothesis", "ExperimentTemplate", ...EVIDENCE_TABLES],
      },
    },
  },
  {
    file: "t.$team.updates.$id._index.tsx",
    pages: [
      { path: `${team}/updates/«draftUpdate.id»` },
      { path: `${team}/updates/«publishedUpdate.id»` },
      { path: `${team}/updates/«draftUpdate.id»/preview`, action: `${team}/updates/«draftUpdate.id»` },
    ],
    intents: (() => {
      const draftPaths = [`${team}/updates/«draftUpdate.id»`, `${team}/updates/«publishedUpdate.id»`, `${team}/updates/${"x".repeat(65)}`, `${team}/updates/nope`];
      const publishedPaths = [`${team}/updates/«publishedUpdate.id»`, `${team}/updates/«draftUpdate.id»`, `${team}/updates/nope`];
      return {
        save: {
          paths: draftPaths,
          valid: { intent: "save", title: "March update", highlights: "First paying customers.", lowlights: "", asks: "Intros to accountants.", investorsOnly: "lowlights", version: "«draftUpdate.version»" },
          fields: { title: text, highlights: text, lowlights: text, asks: text, investorsOnly: enumOf(["lowlights", "traction", "salaries", ""]), version },
          writes: ["InvestorUpdate", ACTIVITY],
        },
        publish: { paths: draftPaths, valid: { intent: "publish", version: "«draftUpdate.version»", confirm: "publish" }, fields: { version, confirm: enumOf(["publish", "yes", ""]) }, writes: ["InvestorUpdate", ACTIVITY, ...EVENT_TABLES] },
        share: { paths: publishedPaths, valid: { intent: "share", days: "30" }, fields: { days: { kind: "int" } }, writes: ["ShareLink", ACTIVITY] },
        revoke: { paths: publishedPaths, valid: { intent: "revoke", linkId: "«shareLink.id»" }, fields: { linkId: id() }, writes: ["ShareLink", ACTIVITY] },
        "follow-up": {
          paths: draftPaths,
          valid: { intent: "follow-up", updateId: "«publishedUpdate.id»", position: "0", status: "DONE", helpedBy: "Olivia Hart", version: "1" },
          fields: { updateId: id("«publishedUpdate.id»", "«draftUpdate.id»", "«other.product.id»"), position: { kind: "int" }, status: enumOf(["OPEN", "DONE", "DROPPED", "FORGOTTEN"]), helpedBy: text, version },
          writes: ["UpdateAsk", ACTIVITY],
        },
        send: { paths: publishedPaths, valid: { intent: "send", groups: "PROSPECT" }, fields: { groups: enumOf(["CURRENT", "PROSPECT", "ADVISOR", "EVERYONE", ""]) }, writes: ["UpdateDelivery", "OutboxMessage", ACTIVITY] },
      } satisfies Record<string, IntentSpec>;
    })(),
  },
  {
    file: "t.$team.updates.investors.tsx",
    pages: [{ path: `${team}/updates/investors` }],
    intents: {
      add: {
        paths: [`${team}/updates/investors`, `/t/«other.slug»/updates/investors`],
        valid: { intent: "add", name: "Quinn Backer", email: "quinn@fund.example", group: "ADVISOR" },
        fields: { name: text, email: text, group: enumOf(["CURRENT", "PROSPECT", "ADVISOR", "LP"]) },
        writes: ["Investor", ACTIVITY],
      },
      regroup: {
        paths: [`${team}/updates/investors`],
        valid: { intent: "regroup", investorId: "«investor.id»", group: "ADVISOR" },
        fields: { investorId: id("«investor.id»", "«other.owner.id»"), group: enumOf(["CURRENT", "PROSPECT", "ADVISOR", "LP"]) },
        writes: ["Investor", ACTIVITY],
      },
      // Taking someone off the list revokes their links and cancels their queued mail.
      remove: { paths: [`${team}/updates/investors`], valid: { intent: "remove", investorId: "«investor.id»" }, fields: { investorId: id("«investor.id»", "«other.owner.id»") }, writes: ["Investor", "UpdateDelivery", "OutboxMessage", ACTIVITY] },
    },
  },
  {
    file: "u.$token.unsubscribe.tsx",
    pages: [{ path: "/u/«personal.token»/unsubscribe", client: "anonymous" }],
    intents: {
      unsubscribe: {
        client: "anonymous",
        paths: ["/u/«personal.token»/unsubscribe", "/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/unsubscribe", "/u/%0A/unsubscribe"],
        valid: { intent: "unsubscribe" },
        writes: ["Investor", "OutboxMessage"],
      },
      resubscribe: { client: "anonymous", paths: ["/u/«personal.token»/unsubscribe"], valid: { intent: "resubscribe" }, writes: ["Investor", "OutboxMessage"] },
      "#one-click": {
        client: "anonymous",
        paths: ["/u/«personal.token»/unsubscribe"],
        valid: { "List-Unsubscribe": "One-Click" },
        fields: { "List-Unsubscribe": enumOf(["One-Click", "one-click", ""]) },
        writes: ["Investor", "OutboxMessage"],
      },
    },
  },
  {
    file: "t.$team.updates._index.tsx",
    pages: [{ path: `${team}/updates` }],
    intents: {
      "": {
        paths: [`${team}/updates?index`, `${team}/updates`],
        valid: { title: "April update", periodStart: "«today-29»", periodEnd: "«today»" },
        fields: { title: text, periodStart: date, periodEnd: date },
        writes: ["InvestorUpdate", ACTIVITY],
      },
    },
  },
];

// ----------------------------------------------------------------------------------- harness

let server: TestServer;
let database: Awaited<ReturnType<typeof fixtureDatabase>>;
let fixture: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  database = await fixtureDatabase();
  fixture = database.fixture;
  fixture.refs["export.json"] = JSON.stringify(await exportTeam(fixture.team.id));
});
afterAll(async () => {
  await server?.close();
});

function cookieOf(client: Client = "owner"): Record<string, string> {
  if (client === "anonymous") return {};
  return { cookie: client === "admin" ? fixture.adminCookie : fixture.cookie };
}

function describeBody(body: Body) {
  if (body.kind === "raw") return `raw ${body.contentType ?? "(no content type)"}: ${JSON.stringify(preview(body.body, 120))}`;
  const entries = body.entries.map(([name, value]) => `${preview(name, 40)}=${JSON.stringify(preview(value, 80))}`).join("&");
  const files = body.kind === "multipart" ? (body.files ?? []).map((file) => ` +file ${file.field}: ${JSON.stringify(preview(file.content, 120))}${file.mutations?.length ? ` mutated ${JSON.stringify(file.mutations)}` : ""}`).join("") : "";
  return `${body.kind} ${entries}${files}`;
}

/** Sends one body and checks the properties; returns whether it was a success. */
async function post(spec: FormSpec, intent: IntentSpec, pathTemplate: string, body: Body) {
  const started = performance.now();
  await database.reset();
  const ready = performance.now();
  const fx = fixture;
  const resolve = resolver(fx.refs);
  const pathname = resolve(pathTemplate);
  const { contentType, payload } = await encodeBody(body, resolve);
  const headers: Record<string, string> = { origin: server.url };
  if (contentType) headers["content-type"] = contentType;
  Object.assign(headers, cookieOf(intent.client));
  const before = await databaseFingerprint();
  trace(`→ POST ${pathname.slice(0, 80)} ${describeBody(body)}`);
  const sent = performance.now();
  const reply = await send(server.url, pathname, { method: "POST", headers, body: payload });
  const answered = performance.now();
  const after = await databaseFingerprint();
  const changed = changedTables(before, after);
  database.touched(changed);
  trace(`reset ${Math.round(ready - started)} ms, fingerprint ${Math.round(sent - ready)} ms, request ${Math.round(answered - sent)} ms → ${reply.status} ${pathname.slice(0, 60)} [${changed.join(" ")}]`);
  const context = `POST ${pathname} → ${reply.status}\nbody: ${describeBody(body)}\nreply: ${preview(reply.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " "), 400)}`;
  expect(reply.status, `a server error\n${context}`).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(unexpectedTables(changed, spec.refusalWrites ?? []), `a refused request wrote to the database\n${context}`).toEqual([]);
    return false;
  }
  expect(unexpectedTables(changed, intent.writes), `a success wrote to tables this action should not touch\n${context}`).toEqual([]);
  expect(await brokenInvariants(), `a success left the data inconsistent\n${context}`).toEqual([]);
  // The pages showing what was written still render.
  for (const page of spec.pages) {
    const shown = await send(server.url, resolve(page.path), { method: "GET", headers: cookieOf(page.client) });
    expect(shown.status, `the page broke after a successful write\nGET ${resolve(page.path)}\n${context}\n${preview(shown.text, 300)}`).toBeLessThan(500);
  }
  return true;
}

function bodies(intent: IntentSpec): fc.Arbitrary<Body> {
  const fields = intent.fields ?? {};
  if (intent.bodies) return fc.oneof({ weight: 9, arbitrary: intent.bodies }, { weight: 1, arbitrary: rawJunkBody });
  const entries = formEntries(intent.valid, fields);
  return fc.oneof(
    { weight: 8, arbitrary: entries.map((list): Body => ({ kind: "urlencoded", entries: list })) },
    { weight: 1, arbitrary: entries.map((list): Body => ({ kind: "multipart", entries: list })) },
    { weight: 1, arbitrary: rawJunkBody },
  );
}

function paths(intent: IntentSpec): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: fc.constant(intent.paths[0]) }, { weight: 2, arbitrary: fc.constantFrom(...intent.paths) });
}

/** The decisions a weekly review takes from its agenda, posted by the review page and by present mode alike. */
function agendaDecisions(paths: string[]): Record<string, IntentSpec> {
  const scope = text;
  return {
    extend: {
      paths,
      valid: { intent: "extend", experimentId: "«running.id»", endsOn: "«today+20»", reason: "We need another week of traffic.", version: "«running.version»", scope: "endingSoon-«running.id»" },
      fields: { experimentId: id("«running.id»", "«concluded.id»", "«trashedExperiment.id»", "«other.experiment.id»"), endsOn: date, reason: text, version, scope },
      writes: ["Experiment", "Hypothesis", ACTIVITY],
    },
    abandon: {
      paths,
      valid: { intent: "abandon", experimentId: "«running.id»", reason: "The market moved on.", version: "«running.version»", scope: "overdue-«running.id»" },
      fields: { experimentId: id("«running.id»", "«draft.id»", "«concluded.id»", "«other.experiment.id»"), reason: text, version, scope },
      writes: ["Experiment", "Hypothesis", ACTIVITY],
    },
    "assign-owner": {
      paths,
      valid: { intent: "assign-owner", hypothesisId: "«hypothesis.id»", ownerId: "«member.id»", version: "«hypothesis.version»", scope: "untested-«hypothesis.id»" },
      fields: { hypothesisId: id("«hypothesis.id»", "«trashedHypothesis.id»", "«other.hypothesis.id»"), ownerId: id("«owner.id»", "«viewer.id»", "«other.owner.id»", ""), version, scope },
      writes: ["Hypothesis", ACTIVITY],
    },
    "add-action": {
      paths,
      valid: { intent: "add-action", title: "Call three churned customers", ownerId: "«member.id»", dueOn: "«today+5»", experimentId: "«running.id»", scope: "action-items" },
      fields: {
        title: text,
        ownerId: id("«member.id»", "«other.owner.id»", ""),
        dueOn: date,
        experimentId: id("«running.id»", "«trashedExperiment.id»", "«other.experiment.id»", ""),
        hypothesisId: id("«hypothesis.id»", "«trashedHypothesis.id»", "«other.hypothesis.id»", ""),
        scope,
      },
      writes: ["ActionItem", ACTIVITY],
    },
    "action-done": {
      paths,
      valid: { intent: "action-done", actionItemId: "«actionItem.id»", version: "«actionItem.version»", scope: "action-items" },
      fields: { actionItemId: id("«actionItem.id»", "«other.actionItem.id»"), version, scope },
      writes: ["ActionItem", ACTIVITY],
    },
    "action-reopen": {
      paths,
      valid: { intent: "action-reopen", actionItemId: "«actionItem.id»", version: "«actionItem.version»", scope: "action-items" },
      fields: { actionItemId: id("«actionItem.id»", "«other.actionItem.id»"), version, scope },
      writes: ["ActionItem", ACTIVITY],
    },
  };
}

// -------------------------------------------------------------------------------------- tests

describe("form actions under generated bodies", () => {
  it("covers every route file that exports an action (the API's are fuzzed by fuzz-api)", () => {
    const withAction = routeFilesExporting("action").filter((file) => !file.startsWith("api."));
    const covered = FORMS.map((spec) => spec.file).sort();
    expect(withAction.length).toBeGreaterThan(20);
    expect(covered, "a form action without fuzz coverage, or a spec for a route that no longer has an action").toEqual(withAction);
  });

  it("knows every intent each action names and every field its forms render", async () => {
    await database.reset();
    const resolve = resolver(fixture.refs);
    const problems: string[] = [];
    for (const spec of FORMS) {
      // "observe#count" is the intent "observe" posted to another kind of experiment.
      const intents = Object.keys(spec.intents).filter(Boolean).map((name) => name.split("#")[0]);
      for (const intent of intentsInSource(spec.file)) if (!intents.includes(intent)) problems.push(`${spec.file}: intent "${intent}" in the source is not fuzzed`);
      const known = new Set(Object.values(spec.intents).flatMap((intent) => [...Object.keys(intent.valid), ...Object.keys(intent.fields ?? {})]));
      if (Object.values(spec.intents).some((intent) => intent.bodies)) for (const name of ["intent", "file", "csv", "signalId", "name"]) known.add(name);
      if (intents.length) known.add("intent");
      // Every creating form inside a team carries the hidden submission key; a missing, forged or
      // malformed key only skips the double-send guard (tests/integration/double-submit.test.ts).
      known.add("submission");
      for (const page of spec.pages) {
        const url = resolve(page.path);
        const target = new URL(resolve(page.action ?? page.path), server.url).pathname;
        const reply = await send(server.url, url, { method: "GET", headers: cookieOf(page.client) });
        if (reply.status !== 200) {
          problems.push(`${spec.file}: GET ${url} answered ${reply.status}`);
          continue;
        }
        const forms = formsInHtml(reply.text).filter((form) => new URL(form.action ?? url, server.url + url).pathname === target);
        if (forms.length === 0) problems.push(`${spec.file}: no form on ${url} posts to ${target}`);
        for (const form of forms) {
          for (const field of form.fields) if (!known.has(field)) problems.push(`${spec.file}: field "${field}" on ${url} is not fuzzed`);
          for (const intent of form.intents) if (!intents.includes(intent)) problems.push(`${spec.file}: intent "${intent}" on ${url} is not fuzzed`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  for (const spec of FORMS) {
    for (const [name, intent] of Object.entries(spec.intents)) {
      it(`${spec.file}${name ? ` (${name})` : ""}: never a 5xx, never a partial write`, { timeout: TEST_TIMEOUT }, async () => {
        // The valid body is accepted as is: the requests reach the action, not a guard.
        const accepted = await post(spec, intent, intent.paths[0], intent.validBody ?? { kind: "urlencoded", entries: Object.entries(intent.valid) });
        expect(accepted, `the valid body for ${spec.file} ${name} was ${intent.refusesAll ? "accepted" : "refused"}`).toBe(!intent.refusesAll);
        await fc.assert(
          fc.asyncProperty(paths(intent), bodies(intent), async (pathTemplate, body) => {
            await post(spec, intent, pathTemplate, body);
          }),
          fuzzParameters(RUNS),
        );
      });
    }
  }
});
