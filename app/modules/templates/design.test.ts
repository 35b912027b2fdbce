import { describe, expect, it } from "vitest";
import { CreateExperimentInput } from "~/modules/experiments/schemas";
import { targetForForm } from "~/modules/experiments/form-input";
import { describeDesign, endsOnFor, experimentFromDesign, formValuesFromDesign, timeboxDays, type TemplateDesign } from "./design";

const design: TemplateDesign = {
  method: "FAKE_DOOR",
  plan: "show the button to every new account",
  metricName: "Click-through",
  metricUnit: "",
  metricKind: "RATE",
  comparator: "GTE",
  target: 0.125,
  days: 14,
};

describe("a template's timebox", () => {
  it("counts both ends: endsOn − startsOn + 1", () => {
    expect(timeboxDays("2026-03-01", "2026-03-14")).toBe(14);
    expect(timeboxDays("2026-03-01", "2026-03-01")).toBe(1);
    expect(timeboxDays("2026-02-20", "2026-03-05")).toBe(14); // across a month
    expect(timeboxDays("2028-02-20", "2028-03-05")).toBe(15); // across a leap day
    expect(timeboxDays("2026-12-25", "2027-01-07")).toBe(14); // across a year
    expect(timeboxDays("2026-03-20", "2026-04-02")).toBe(14); // across the spring clock change (dates are UTC)
  });

  it("ends on startsOn + days − 1, the inverse of its length", () => {
    expect(endsOnFor("2026-03-01", 14)).toBe("2026-03-14");
    expect(endsOnFor("2026-03-01", 1)).toBe("2026-03-01");
    expect(endsOnFor("2028-02-20", 15)).toBe("2028-03-05");
    for (const start of ["2026-01-31", "2026-02-28", "2028-02-29", "2026-10-25", "2026-12-31"]) {
      for (const days of [1, 2, 7, 14, 30, 366]) expect(timeboxDays(start, endsOnFor(start, days))).toBe(days);
    }
  });
});

describe("pre-filling the new-experiment form", () => {
  it("shows a rate target as a percentage and ends the timebox after the template's days", () => {
    expect(formValuesFromDesign(design, "2026-03-02")).toEqual({
      method: "FAKE_DOOR",
      plan: "show the button to every new account",
      metricName: "Click-through",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: "12.5",
      startsOn: "2026-03-02",
      endsOn: "2026-03-15",
    });
    expect(formValuesFromDesign({ ...design, metricKind: "COUNT", target: 3, metricUnit: "customers", days: 21 }, "2026-03-02")).toMatchObject({
      target: "3",
      metricUnit: "customers",
      endsOn: "2026-03-22",
    });
    expect(targetForForm("RATE", 0.1)).toBe("10");
    expect(targetForForm("RATE", 0.07)).toBe("7");
    expect(targetForForm("MEAN", 2.5)).toBe("2.5");
  });

  it("gives the createExperiment input with the same end date", () => {
    const input = CreateExperimentInput.parse(experimentFromDesign(design, { hypothesisId: "h1", title: "Fake door again", startsOn: "2026-03-02" }));
    expect(input).toMatchObject({ startsOn: "2026-03-02", endsOn: "2026-03-15", target: 0.125, metricKind: "RATE" });
  });

  it("describes a design in one line", () => {
    expect(describeDesign(design)).toBe("Click-through ≥ 12.5 % · 14 days");
    expect(describeDesign({ ...design, metricKind: "COUNT", comparator: "LTE", target: 3, metricUnit: "tickets", days: 1 })).toBe("Click-through ≤ 3 tickets · 1 day");
  });
});
