import { describe, expect, it } from "vitest";
import { eventDateTitle, formatDate, formatDateTime, machineDate, relativeTime } from "./dates";

describe("formatDate", () => {
  it("writes a YYYY-MM-DD day as day, short month and year", () => {
    expect(formatDate("2026-03-09")).toBe("9 Mar 2026");
    expect(formatDate("2026-09-30")).toBe("30 Sep 2026");
    expect(formatDate("1900-01-01")).toBe("1 Jan 1900");
    expect(formatDate("9999-12-31")).toBe("31 Dec 9999");
  });

  it("reads a timestamp in UTC, whatever the machine's time zone", () => {
    expect(formatDate("2026-03-09T23:30:00.000Z")).toBe("9 Mar 2026");
    expect(formatDate("2026-03-10T00:30:00+02:00")).toBe("9 Mar 2026");
    expect(formatDate(new Date(Date.UTC(2026, 11, 31, 23, 59)))).toBe("31 Dec 2026");
  });

  it("never shifts a date-only day, which a Date in a western time zone would", () => {
    // new Date("2026-03-01") is midnight UTC; read in local time west of Greenwich it is 28 Feb.
    expect(formatDate("2026-03-01")).toBe("1 Mar 2026");
  });

  it("shows what it cannot read as it came, rather than 'Invalid Date'", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDate("2026-13-01")).toBe("2026-13-01");
  });

  it("gives the same text every time for the same input (server and browser render alike)", () => {
    const inputs = ["2026-01-15", "2026-06-01T12:00:00.000Z", new Date(0)];
    expect(inputs.map((value) => formatDate(value))).toEqual(inputs.map((value) => formatDate(value)));
    expect(formatDate(new Date(0))).toBe("1 Jan 1970");
  });
});

describe("formatDateTime", () => {
  it("adds the time of day in UTC to a timestamp", () => {
    expect(formatDateTime("2026-03-09T14:05:09.000Z")).toBe("9 Mar 2026, 14:05 UTC");
    expect(formatDateTime("2026-03-09T00:00:00.000Z")).toBe("9 Mar 2026, 00:00 UTC");
  });

  it("has no time of day for a date-only day", () => {
    expect(formatDateTime("2026-03-09")).toBe("9 Mar 2026");
  });
});

describe("machineDate", () => {
  it("keeps a day as it is and writes a timestamp in full ISO form", () => {
    expect(machineDate("2026-03-09")).toBe("2026-03-09");
    expect(machineDate("2026-03-09T14:05:00+01:00")).toBe("2026-03-09T13:05:00.000Z");
    expect(machineDate(new Date(Date.UTC(2026, 2, 9)))).toBe("2026-03-09T00:00:00.000Z");
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-03-09T12:00:00.000Z");
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it("says 'just now' within a minute either way", () => {
    expect(relativeTime(at(-59), now)).toBe("just now");
    expect(relativeTime(at(30), now)).toBe("just now");
  });

  it("picks the largest whole unit, in the past and the future", () => {
    expect(relativeTime(at(-5 * 60), now)).toBe("5 minutes ago");
    expect(relativeTime(at(-3 * 3600), now)).toBe("3 hours ago");
    expect(relativeTime(at(-86_400), now)).toBe("yesterday");
    expect(relativeTime(at(-3 * 86_400), now)).toBe("3 days ago");
    expect(relativeTime(at(6 * 86_400), now)).toBe("in 6 days");
    expect(relativeTime(at(-65 * 86_400), now)).toBe("2 months ago");
    expect(relativeTime(at(-800 * 86_400), now)).toBe("2 years ago");
  });

  it("reads a date-only day as its midnight in UTC", () => {
    expect(relativeTime("2026-03-06", now)).toBe("3 days ago");
  });

  it("says nothing for a date it cannot read", () => {
    expect(relativeTime("soon", now)).toBe("");
  });
});

describe("eventDateTitle", () => {
  it("is the exact time alone until a clock is known (the server and the first render)", () => {
    expect(eventDateTitle("2026-03-06T09:15:00.000Z", null)).toBe("6 Mar 2026, 09:15 UTC");
  });

  it("leads with how long ago once the browser's clock is known", () => {
    expect(eventDateTitle("2026-03-06T09:15:00.000Z", new Date("2026-03-09T12:00:00.000Z"))).toBe("3 days ago · 6 Mar 2026, 09:15 UTC");
  });
});
