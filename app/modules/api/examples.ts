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
