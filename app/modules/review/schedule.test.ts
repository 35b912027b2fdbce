import { describe, expect, it } from "vitest";
import { describeSchedule, digestDue, isoWeek, localClock, ReviewScheduleSchema } from "./schedule";

describe("the review schedule", () => {
  it("reads the local day and time in the team's zone, not the server's", () => {
    // 2026-12-07 is a Monday; 23:30 UTC on Sunday is already Monday morning in Tokyo.
    expect(localClock(new Date("2026-12-06T23:30:00Z"), "Asia/Tokyo")).toEqual({ date: "2026-12-07", weekday: 1, minutes: 8 * 60 + 30 });
    expect(localClock(new Date("2026-12-06T23:30:00Z"), "America/New_York")).toEqual({ date: "2026-12-06", weekday: 7, minutes: 18 * 60 + 30 });
  });

  it("is due from seven on the review day, in the team's zone, until that day ends", () => {
    const monday10Berlin = { weekday: 1, time: "10:00", timeZone: "Europe/Berlin" };
    expect(digestDue(monday10Berlin, new Date("2026-12-07T05:59:00Z")).due).toBe(false); // 06:59 in Berlin
    expect(digestDue(monday10Berlin, new Date("2026-12-07T06:00:00Z"))).toEqual({ due: true, week: "2026-W50", localDate: "2026-12-07" });
    expect(digestDue(monday10Berlin, new Date("2026-12-07T22:59:00Z")).due).toBe(true); // 23:59
    expect(digestDue(monday10Berlin, new Date("2026-12-07T23:00:00Z")).due).toBe(false); // Tuesday 00:00
    expect(digestDue(monday10Berlin, new Date("2026-12-04T08:00:00Z")).due).toBe(false); // a Friday
  });

  it("goes out at the review's own time when the review starts before seven", () => {
    const early = { weekday: 3, time: "06:30", timeZone: "UTC" };
    expect(digestDue(early, new Date("2026-12-09T06:29:00Z")).due).toBe(false);
    expect(digestDue(early, new Date("2026-12-09T06:30:00Z")).due).toBe(true);
  });

  it("numbers weeks the ISO way, across the turn of the year", () => {
    expect(isoWeek("2026-12-31")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeek("2025-12-29")).toBe("2026-W01");
  });

  it("accepts a real day, time and zone and names what is wrong otherwise", () => {
    expect(ReviewScheduleSchema.parse({ weekday: "1", time: "10:00", timeZone: "Europe/London" })).toEqual({ weekday: 1, time: "10:00", timeZone: "Europe/London" });
    const refused = ReviewScheduleSchema.safeParse({ weekday: "8", time: "25:00", timeZone: "Mars/Olympus" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path[0])).toEqual(["weekday", "time", "timeZone"]);
    expect(describeSchedule({ weekday: 1, time: "10:00", timeZone: "America/New_York" })).toBe("Mondays at 10:00 (America/New York)");
  });
});
