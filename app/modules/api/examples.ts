/** The example bodies of the OpenAPI document: one invoicing team's data, each checked against its schema by the tests. */

const at = "2026-03-02T09:30:00.000Z";

export const product = { id: "cm8v0f2ka0001qz8k3x1b2c3d", name: "Invoicing", description: "Get freelancers paid faster.", stage: "mvp", version: 1, createdAt: at };

export const hypothesis = {
  id: "cm8v0f2ka0002qz8k4y2c3d4e",
  key: "H-12",
  productId: product.id,
  statement: "Freelancers will pay to get invoices paid faster.",
  segment: "Freelance designers",
  category: "viability",
  importance: 5,
  status: "testing",
  statusOverridden: false,
  evidenceStrength: 2,
  ownerId: "cm8v0f2ka0000qz8k2w0a1b2c",
  version: 1,
  createdAt: at,
  updatedAt: at,
};

const experimentFields = {
  id: "cm8v0f2ka0003qz8k5z3d4e5f",
  key: "E-7",
  hypothesisId: hypothesis.id,
  title: "Pre-order page",
  method: "landing_page",
  plan: "Send the pre-order page to 200 freelancers from the newsletter.",
  metric: { name: "Pre-order rate", kind: "rate", unit: "" },
  criterion: { comparator: "gte", target: 0.1 },
  criterionChangedAfterStart: false,
  startsOn: "2026-03-02",
  endsOn: "2026-03-15",
  overdue: false,
};
const measured = { kind: "rate", n: 200, estimate: 0.275, interval: { low: 0.217, high: 0.342 }, probabilityMeetsTarget: 0.999, verdict: "met" };

export const experimentSummary = { ...experimentFields, status: "running", version: 2, result: measured };
export const experiment = {
  ...experimentSummary,
  result: { ...measured, projection: null, extraSampleNeeded: null, explanation: "55 of 200 (27.5 %, 95 % interval 21.7–34.2 %) clears the 10 % target." },
  learningCard: null,
};
export const draftExperiment = {
  ...experimentFields,
  status: "draft",
  version: 1,
  result: { kind: "rate", n: 0, estimate: null, interval: null, probabilityMeetsTarget: null, verdict: "too_early", projection: null, extraSampleNeeded: null, explanation: "No evidence yet." },
  learningCard: null,
};
export const runningExperiment = { ...draftExperiment, status: "running", version: 2 };
export const concludedExperiment = {
  ...experiment,
  status: "concluded",
  version: 3,
  learningCard: { observed: "55 of 200 visitors pre-ordered.", learned: "Freelancers want it.", nextSteps: "Build the reminder emails.", decision: "persevere" },
};

export const observation = { id: "cm8v0f2ka0004qz8k6a4e5f6g", observedOn: "2026-03-02", successes: 12, trials: 80, value: null, note: null, source: null, strength: 2, createdAt: at };

export const signal = { id: "cm8v0f2ka0005qz8k7b5f6g7h", productId: product.id, name: "p95 latency", unit: "ms", direction: "down", description: "", createdAt: at };

export const gate = {
  productId: product.id,
  stage: "mvp",
  status: "hold",
  headline: "1 of 2 criteria met: hold.",
  criteria: [
    {
      id: "cm8v0f2ka0006qz8k8c6g7h8i",
      kind: "hypothesis_validated",
      label: "H-12 is validated",
      met: true,
      current: null,
      distance: null,
      weeksSustained: null,
      weeksRequired: null,
      summary: "H-12 is validated.",
    },
    {
      id: "cm8v0f2ka0007qz8k9d7h8i9j",
      kind: "signal_sustained",
      label: "p95 latency ≤ 200 ms for 4 weeks",
      met: false,
      current: 182,
      distance: 0,
      weeksSustained: 2,
      weeksRequired: 4,
      summary: "Met for 2 of 4 weeks; this week counts once it ends on 15 Mar 2026.",
    },
  ],
};

export const teamExport = {
  format: "evident.team-export",
  version: 1,
  exportedAt: at,
  team: { name: "Ledgerly", slug: "ledgerly", hypothesisSeq: 0, experimentSeq: 0 },
  people: [{ id: "person:1", email: "maya@ledgerly.example", name: "Maya" }],
  memberships: [{ person: "person:1", role: "OWNER" }],
  products: [{ id: "product:1", name: "Invoicing", description: "", stage: "MVP", version: 1, deletedAt: null, createdAt: at, updatedAt: at }],
  hypotheses: [],
  experiments: [],
  observations: [],
  learningCards: [],
  comments: [],
  signals: [],
  signalPoints: [],
  gateCriteria: [],
  gateDecisions: [],
  scaleProposals: [],
  reviews: [],
  actionItems: [],
  investorUpdates: [],
  templates: [],
  activity: [],
};

// ------------------------------------------------------------------------------- webhooks
const maya = { id: "cm8v0f2ka0009qz8k1a2b3c4d", name: "Maya Okafor" };
const sam = { id: "cm8v0f2ka0010qz8k2b3c4d5e", name: "Sam Lee" };
const ledgerly = { slug: "ledgerly", name: "Ledgerly" };
const experimentSubject = { type: "experiment", id: experiment.id, key: "E-7", title: "Fake door: “Chase unpaid invoices for me”", url: "https://evident.example.com/t/ledgerly/experiments/E-7" };
const hypothesisSubject = { type: "hypothesis", id: hypothesis.id, key: "H-12", title: "Freelancers will pay to have unpaid invoices chased for them", url: "https://evident.example.com/t/ledgerly/hypotheses/H-12" };
const productSubject = { type: "product", id: product.id, key: null, title: "Invoicing", url: `https://evident.example.com/t/ledgerly/gate/${product.id}` };

function event(type: string, subject: object, actor: object | null, summary: string, details: object, people: object[] = []) {
  return { type, timestamp: at, data: { eventId: "evt_4S3ZqWcK7pJ1yQ0nV9bX2a", team: ledgerly, actor, subject, summary, people, details } };
}

/** One example body per event type, validated against its schema by the document's tests. */
export const webhookEvents = {
  "experiment.started": event("experiment.started", experimentSubject, maya, "Maya Okafor started E-7, testing until 2026-03-15", { endsOn: "2026-03-15", criterion: "Sign-up rate ≥ 10 %" }),
  "experiment.ending_soon": event("experiment.ending_soon", experimentSubject, null, "E-7 ends in 2 days, on 2026-03-15", { endsOn: "2026-03-15", daysLeft: 2 }),
  "experiment.overdue": event("experiment.overdue", experimentSubject, null, "E-7 ended on 2026-03-15 and has no learning card yet", { endsOn: "2026-03-15", daysOver: 1 }),
  "experiment.concluded": event("experiment.concluded", { ...experimentSubject, url: `${experimentSubject.url}#learning` }, maya, "Maya Okafor concluded E-7: met, decided to persevere", {
    decision: "persevere",
    verdict: "met",
    learned: "One in four freelancers asked for it in the first week.",
  }),
  "verdict.reached": event("verdict.reached", experimentSubject, sam, "Sam Lee logged the evidence with which E-7 meets its criterion (Sign-up rate ≥ 10 %)", { verdict: "met", criterion: "Sign-up rate ≥ 10 %", observations: 12 }),
  "evidence.imported": event("evidence.imported", experimentSubject, sam, "Sam Lee imported 40 observations on E-7 from a CSV file", { count: 40, via: "csv" }),
  "hypothesis.status_changed": event("hypothesis.status_changed", hypothesisSubject, maya, "Maya Okafor moved H-12 from testing to validated, following its experiments", { from: "testing", to: "validated" }),
  "gate.ready": event("gate.ready", productSubject, null, "The scale gate of Invoicing is ready for a decision: all 3 criteria are met", { criteriaMet: 3 }),
  "gate.opened": event("gate.opened", productSubject, maya, "Maya Okafor opened the scale gate of Invoicing: it moves to growth", { rationale: "Retention held for six weeks and payback is under four months." }),
  "gate.held": event("gate.held", productSubject, maya, "Maya Okafor held the scale gate of Invoicing", { rationale: "Activation is still below target." }),
  "proposal.decided": event("proposal.decided", { ...productSubject, type: "proposal", id: "cm8v0f2ka0011qz8k3c4d5e6f", title: "Hire a second support engineer" }, maya, "Maya Okafor approved the scale proposal “Hire a second support engineer” for Invoicing", { status: "approved", note: "" }, [sam]),
  "review.recorded": event("review.recorded", { type: "review", id: "cm8v0f2ka0012qz8k4d5e6f7g", key: null, title: "Weekly review of 2026-03-02", url: "https://evident.example.com/t/ledgerly/review/cm8v0f2ka0012qz8k4d5e6f7g" }, maya, "Maya Okafor recorded the weekly review of 2026-03-02: 2 decisions since the last one", { decisions: 2 }),
  "update.published": event("update.published", { type: "update", id: "cm8v0f2ka0013qz8k5e6f7g8h", key: null, title: "February update", url: "https://evident.example.com/t/ledgerly/updates/cm8v0f2ka0013qz8k5e6f7g8h" }, maya, "Maya Okafor published the investor update “February update”", { period: "2026-02-01 to 2026-02-28" }),
  "comment.added": event("comment.added", { ...experimentSubject, url: `${experimentSubject.url}#comments` }, sam, "Sam Lee commented on E-7", { comment: "The CSV from Stripe is in; numbers look steady." }),
  mention: event("mention", { ...experimentSubject, url: `${experimentSubject.url}#comments` }, sam, "Sam Lee mentioned Maya Okafor on E-7", { comment: "@Maya Okafor can you check the refund rows?", mentioned: [maya] }, [maya]),
};

export const webhookTest = { type: "webhook.test", timestamp: at, data: { eventId: "msg_9fKq2LmZt3RbXc8uPw1yHe", team: ledgerly, actor: maya, summary: "Maya Okafor sent a test event. Nothing happened in Ledgerly." } };
