import type { Comparator as DbComparator, MetricKind } from "~/generated/prisma/enums";
import { addToAggregate, EMPTY_AGGREGATE, evaluate, type Aggregate, type Evaluation } from "./statistics";
import { fromDateOnly } from "~/utils/date-only";

export type AggregateColumns = {
  metricKind: MetricKind;
  comparator: DbComparator;
  target: number;
  startsOn: string;
  endsOn: string;
  successes: number;
  trials: number;
  valueCount: number;
  valueSum: number;
  valueSumSquares: number;
};

export function aggregateOf(row: Pick<AggregateColumns, "successes" | "trials" | "valueCount" | "valueSum" | "valueSumSquares">): Aggregate {
  return { successes: row.successes, trials: row.trials, valueCount: row.valueCount, valueSum: row.valueSum, valueSumSquares: row.valueSumSquares };
}

/** The live result of an experiment from its maintained aggregates — never from its observations. */
export function evaluateExperiment(row: AggregateColumns, today: string): Evaluation {
  return evaluate({
    kind: row.metricKind,
    criterion: { comparator: row.comparator === "GTE" ? "gte" : "lte", target: row.target },
    aggregate: aggregateOf(row),
    startsOn: fromDateOnly(row.startsOn),
    endsOn: fromDateOnly(row.endsOn),
    asOf: fromDateOnly(today),
  });
}

/**
 * The result the experiment would have with `rows` added to its evidence: what an import's
 * preview shows before anything is written. The same sums and the same verdict as after the write.
 */
export function evaluateWithRows(row: AggregateColumns, rows: { successes?: number | null; trials?: number | null; value?: number | null }[], today: string): Evaluation {
  const aggregate = rows.reduce(addToAggregate, aggregateOf(row));
  return evaluateExperiment({ ...row, ...aggregate }, today);
}

export type DayTotals = { day: string; successes: number; trials: number; valueCount: number; valueSum: number; valueSumSquares: number };

/** Cumulative estimate and 95 % interval at the end of each day that has evidence. */
export function cumulativeSeries(row: Omit<AggregateColumns, keyof Aggregate>, days: DayTotals[]) {
  let running: Aggregate = EMPTY_AGGREGATE;
  return [...days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((day) => {
      running = {
        successes: running.successes + day.successes,
        trials: running.trials + day.trials,
        valueCount: running.valueCount + day.valueCount,
        valueSum: running.valueSum + day.valueSum,
        valueSumSquares: running.valueSumSquares + day.valueSumSquares,
      };
      const result = evaluateExperiment({ ...row, ...running }, day.day);
      return { date: day.day, estimate: result.estimate, low: result.interval?.low ?? null, high: result.interval?.high ?? null };
    });
}

