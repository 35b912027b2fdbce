/**
 * Pure statistics for experiment verdicts: Wilson intervals for rates, a Beta
 * posterior, Student-t intervals for means, and the direction-aware verdict.
 * No I/O and no clock: "now" always arrives as `asOf`.
 */

export type MetricKind = "RATE" | "COUNT" | "MEAN";
export type Comparator = "gte" | "lte";
export type Verdict = "met" | "not_met" | "too_early";

export const MIN_RATE_TRIALS = 10;
export const MIN_MEAN_VALUES = 5;

/** Two-sided 95 % normal quantile, Φ⁻¹(0.975). */
const Z_95 = 1.959963984540054;

/** Upper bound for "how many more trials/values" searches; beyond it we say "not computable". */
const MAX_SAMPLE_SEARCH = 1e7;

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------
// Aggregate
// ---------------------------------------------------------------------------

/** Running sums kept per experiment; enough to compute every statistic without rereading observations. */
export type Aggregate = {
  successes: number; // RATE: sum of successes
  trials: number; // RATE: sum of trials
  valueCount: number; // COUNT/MEAN: number of values
  valueSum: number; // COUNT: total; MEAN: sum of values
  valueSumSquares: number; // MEAN: sum of squared values
};

export const EMPTY_AGGREGATE: Aggregate = Object.freeze({
  successes: 0,
  trials: 0,
  valueCount: 0,
  valueSum: 0,
  valueSumSquares: 0,
}) as Aggregate;

function isNum(x: number | null | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

export function addToAggregate(
  a: Aggregate,
  o: { successes?: number | null; trials?: number | null; value?: number | null },
): Aggregate {
  // Non-finite inputs are skipped: one NaN would poison the running sums forever.
  const next: Aggregate = { ...a };
  if (isNum(o.successes)) next.successes += o.successes;
  if (isNum(o.trials)) next.trials += o.trials;
  if (isNum(o.value)) {
    next.valueCount += 1;
    next.valueSum += o.value;
    next.valueSumSquares += o.value * o.value;
  }
  return next;
}

// ---------------------------------------------------------------------------
// Wilson score interval
// ---------------------------------------------------------------------------

export type Interval = { low: number; high: number };

/** Wilson score interval (Wilson 1927). `successes` may be fractional (used by the sample-size search). */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval {
  if (!(trials > 0) || !Number.isFinite(trials)) {
    throw new RangeError("wilsonInterval: trials must be a finite number > 0");
  }
  const s = Math.min(Math.max(successes, 0), trials);
  const p = s / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // Rounding can push a bound a hair past p̂ or outside [0,1]; the exact interval never does.
  const low = s === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const high = s === trials ? 1 : Math.max(p, Math.min(1, centre + half));
  return { low, high };
}

// ---------------------------------------------------------------------------
// Gamma / Beta functions
// ---------------------------------------------------------------------------

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Remainder of Stirling's series: lnΓ(x) − [(x−½)ln x − x + ½ln 2π], for x ≥ 10.
 * Coefficients are B₂ₖ / (2k(2k−1)); seven terms give ~1e-16 at x = 10.
 */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/** ln Γ(x) for x > 0: shift up to x ≥ 10 with Γ(x+1) = xΓ(x), then Stirling. */
function lnGamma(x: number): number {
  let shift = 0;
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    shift += 1;
  }
  const stirling = (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + stirlingCorrection(x);
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/**
 * ln B(a,b). Subtracting three large lnΓ values loses digits when a or b is big
 * (a million trials ⇒ lnΓ ≈ 1e7), so large arguments use Stirling differences instead.
 */
function lnBeta(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi < 10) return lnGamma(lo) + lnGamma(hi) - lnGamma(lo + hi);
  const sum = lo + hi;
  if (lo >= 10) {
    return (
      HALF_LN_2PI -
      0.5 * Math.log(sum) -
      (lo - 0.5) * Math.log1p(hi / lo) -
      (hi - 0.5) * Math.log1p(lo / hi) +
      stirlingCorrection(lo) +
      stirlingCorrection(hi) -
      stirlingCorrection(sum)
    );
  }
  // lnΓ(lo+hi) − lnΓ(hi) written so that the large terms cancel analytically.
  const lnGammaRatio =
    (hi - 0.5) * Math.log1p(lo / hi) + lo * Math.log(sum) - lo + stirlingCorrection(sum) - stirlingCorrection(hi);
  return lnGamma(lo) - lnGammaRatio;
}

/**
 * ln[x^a · y^b / B(a,b)], the factor in front of the continued fraction.
 * With a, b in the millions the naive sum cancels terms of size ~1e7, so both
 * logs are taken from whichever of x, y is small (log1p), and when a and b are
 * both large the expansion is centred on the mode a/(a+b).
 */
function lnBetaFront(x: number, y: number, a: number, b: number): number {
  if (Math.min(a, b) >= 10) {
    const sum = a + b;
    const dx = Math.log1p((x * sum - a) / a); // ln(x / (a/(a+b)))
    const dy = Math.log1p((y * sum - b) / b); // ln(y / (b/(a+b)))
    return (
      a * dx +
      b * dy +
      0.5 * Math.log((a / sum) * b) -
      HALF_LN_2PI -
      stirlingCorrection(a) -
      stirlingCorrection(b) +
      stirlingCorrection(sum)
    );
  }
  const lnX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const lnY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  return a * lnX + b * lnY - lnBeta(a, b);
}

const CF_EPS = 1e-16;
const CF_TINY = 1e-300;
const CF_MAX_ITER = 1_000_000;

/**
 * Continued fraction for I_x(a,b) (Abramowitz & Stegun 26.5.8), evaluated with
 * the modified Lentz method. Returns the value of 1/(1 + d₁/(1 + d₂/(1 + …))).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 0;
  let f = 1;
  for (let m = 0; m < CF_MAX_ITER; m++) {
    // Odd term d_{2m+1}, then even term d_{2m+2}.
    for (let k = 0; k < 2; k++) {
      let coeff: number;
      if (k === 0) {
        coeff = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
      } else {
        const j = m + 1;
        coeff = (j * (b - j) * x) / ((a + 2 * j - 1) * (a + 2 * j));
      }
      d = 1 + coeff * d;
      if (Math.abs(d) < CF_TINY) d = CF_TINY;
      c = 1 + coeff / c;
      if (Math.abs(c) < CF_TINY) c = CF_TINY;
      d = 1 / d;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < CF_EPS) return 1 / f;
    }
  }
  return 1 / f;
}

/**
 * I_x(a,b) given both x and y = 1 − x, so callers that know the complement
 * exactly (t tails, upper posterior tails) avoid cancellation in 1 − x.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = lnBetaFront(x, y, a, b);
  // The fraction converges fast only below the mean-ish point; otherwise use I_x(a,b) = 1 − I_y(b,a).
  if (x < (a + 1) / (a + b + 2)) {
    const v = (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
    return clamp01(v);
  }
  const v = 1 - (Math.exp(lnFront) * betaContinuedFraction(y, b, a)) / b;
  return clamp01(v);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * Regularized incomplete beta I_x(a,b), a, b > 0, by continued fraction (Lentz).
 * Absolute error ~1e-14 for small a + b, growing with a + b to ~5e-11 at a + b ≈ 1e6
 * (checked against SciPy's betainc).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b) || Number.isNaN(x)) {
    throw new RangeError("regularizedIncompleteBeta: need a > 0, b > 0 and a numeric x");
  }
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return incompleteBeta(x, 1 - x, a, b);
}

function clampedCounts(successes: number, trials: number): { s: number; f: number } {
  const n = Math.max(trials, 0);
  const s = Math.min(Math.max(successes, 0), n);
  return { s, f: n - s };
}

/** P(p ≥ target) under the Beta(1+s, 1+n−s) posterior (uniform prior). */
export function betaProbabilityAtLeast(successes: number, trials: number, target: number): number {
  if (target <= 0) return 1;
  if (target >= 1) return 0;
  const { s, f } = clampedCounts(successes, trials);
  // Upper tail via symmetry: 1 − I_t(α,β) = I_{1−t}(β,α); no subtraction needed.
  return incompleteBeta(1 - target, target, 1 + f, 1 + s);
}

/** P(p ≤ target) under the same posterior. */
function betaProbabilityAtMost(successes: number, trials: number, target: number): number {
  if (target <= 0) return 0;
  if (target >= 1) return 1;
  const { s, f } = clampedCounts(successes, trials);
  return incompleteBeta(target, 1 - target, 1 + s, 1 + f);
}

// ---------------------------------------------------------------------------
// Student's t
// ---------------------------------------------------------------------------

/** P(T > t) for t ≥ 0: ½·I_{ν/(ν+t²)}(ν/2, ½). */
function studentTUpperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

function studentTDensity(t: number, df: number): number {
  // Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) = 1 / (√ν · B(ν/2, ½))
  return Math.exp(-lnBeta(df / 2, 0.5) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

const LARGE_DF = 1e6;

/**
 * Quantiles already solved, by p and df. Each solve is a root search over the incomplete beta
 * (tens of continued fractions), and pages evaluate thousands of experiments whose degrees of
 * freedom repeat: the review agenda of a team with 2,000 running experiments spent most of its
 * time here. A pure function of two numbers, so remembering is exact; the bound keeps memory flat.
 */
const solvedQuantiles = new Map<string, number>();
const SOLVED_QUANTILES_KEPT = 20_000;

/** Inverse CDF of Student's t with `df` > 0 degrees of freedom (df may be fractional). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0) || Number.isNaN(df)) {
    throw new RangeError("studentTQuantile: need 0 ≤ p ≤ 1 and df > 0");
  }
  const key = `${p}:${df}`;
  const known = solvedQuantiles.get(key);
  if (known !== undefined) return known;
  const quantile = solveStudentTQuantile(p, df);
  if (solvedQuantiles.size >= SOLVED_QUANTILES_KEPT) solvedQuantiles.clear();
  solvedQuantiles.set(key, quantile);
  return quantile;
}

function solveStudentTQuantile(p: number, df: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve for the upper tail α = min(p, 1−p) on t ≥ 0, then restore the sign.
  const alpha = p < 0.5 ? p : 1 - p;
  const sign = p < 0.5 ? -1 : 1;
  if (df > LARGE_DF) {
    // Near x ≈ 1 with a = ν/2 huge the continued fraction cancels badly (~ν·1e-16), so
    // extrapolate from ν₀ = 1e6 with the first Cornish–Fisher term (A&S 26.7.5):
    // t_ν ≈ z + (z³ + z)/(4ν); the neglected 1/ν² term is below 1e-11 here.
    const t0 = solveStudentTQuantile(p, LARGE_DF);
    return t0 - ((t0 * t0 * t0 + t0) / 4) * (1 / LARGE_DF - 1 / df);
  }

  // Bracket: tail(lo) > α ≥ tail(hi).
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000 && studentTUpperTail(hi, df) > alpha; i++) {
    lo = hi;
    hi *= 2;
  }

  // Newton on tail(t) − α, falling back to bisection whenever a step leaves the bracket.
  let t = (lo + hi) / 2;
  for (let i = 0; i < 300; i++) {
    const g = studentTUpperTail(t, df) - alpha;
    if (g === 0) break;
    if (g > 0) lo = t;
    else hi = t;
    const density = studentTDensity(t, df);
    let next = density > 0 ? t + g / density : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const step = Math.abs(next - t);
    t = next;
    if (step <= 1e-15 * Math.max(1, t) || hi - lo <= 1e-15 * Math.max(1, t)) break;
  }
  return sign * t;
}

// ---------------------------------------------------------------------------
// Mean interval
// ---------------------------------------------------------------------------

/**
 * Relative variance below this is indistinguishable from rounding noise in the
 * running sums (identical values give a tiny non-zero variance otherwise).
 */
const RELATIVE_VARIANCE_NOISE = 1e-12;

function sampleVariance(n: number, sum: number, sumSquares: number): number {
  const mean = sum / n;
  const variance = (sumSquares - sum * mean) / (n - 1);
  const meanSquare = sumSquares / n;
  if (!(variance > RELATIVE_VARIANCE_NOISE * meanSquare)) return 0;
  return variance;
}

/** Mean, sample SD and 95 % Student-t interval (df = n−1); null when n < 2. */
export function meanInterval(
  n: number,
  sum: number,
  sumSquares: number,
): { mean: number; sd: number; interval: Interval } | null {
  if (!(n >= 2) || !Number.isFinite(n) || !Number.isFinite(sum) || !Number.isFinite(sumSquares)) return null;
  const mean = sum / n;
  const sd = Math.sqrt(sampleVariance(n, sum, sumSquares));
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, interval: { low: mean - half, high: mean + half } };
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

export type Criterion = { comparator: Comparator; target: number };

export type EvaluationInput = {
  kind: MetricKind;
  criterion: Criterion;
  aggregate: Aggregate;
  startsOn: Date; // timebox start (a UTC midnight date)
  endsOn: Date; // timebox end, inclusive (a UTC midnight date)
  asOf: Date; // "now" for the verdict
};

export type Evaluation = {
  kind: MetricKind;
  n: number; // RATE: trials; COUNT/MEAN: number of values
  estimate: number | null; // RATE: p̂; COUNT: total; MEAN: mean; null when no data
  interval: Interval | null; // RATE: Wilson; MEAN: t-interval; COUNT: null
  probabilityMeetsTarget: number | null; // RATE only: posterior P(rate meets the criterion direction); else null
  sd: number | null; // MEAN only
  projection: number | null; // COUNT only: projected total at endsOn at the observed pace (null before the timebox starts)
  verdict: Verdict;
  extraSampleNeeded: number | null; // when too_early: approx. more trials (RATE) / values (MEAN) / units (COUNT gte)
  explanation: string; // one plain-English sentence for the UI
};

/** Verdict from an interval; shared by RATE and MEAN. Boundary touching the target counts as met. */
function intervalVerdict(interval: Interval, criterion: Criterion): Verdict {
  const { comparator, target } = criterion;
  if (comparator === "gte") {
    if (interval.low >= target) return "met";
    if (interval.high < target) return "not_met";
  } else {
    if (interval.high <= target) return "met";
    if (interval.low > target) return "not_met";
  }
  return "too_early";
}

function decisive(interval: Interval, criterion: Criterion): boolean {
  return intervalVerdict(interval, criterion) !== "too_early";
}

/**
 * Smallest N ≥ lowerN with decisive(N), assuming decisiveness is monotone in N
 * (intervals at a fixed estimate only narrow). Null if not reached by the cap.
 */
function smallestDecisiveN(lowerN: number, isDecisive: (n: number) => boolean): number | null {
  if (isDecisive(lowerN)) return lowerN;
  let bad = lowerN;
  let good = Math.max(lowerN * 2, lowerN + 1);
  while (!isDecisive(good)) {
    if (good >= MAX_SAMPLE_SEARCH) return null;
    bad = good;
    good = Math.min(good * 2, MAX_SAMPLE_SEARCH);
  }
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    if (isDecisive(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function utcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

type Timebox = { elapsedDays: number; totalDays: number; ended: boolean };

function timebox(startsOn: Date, endsOn: Date, asOf: Date): Timebox | null {
  const start = utcDay(startsOn);
  const end = utcDay(endsOn);
  const now = utcDay(asOf);
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(now)) return null;
  const totalDays = Math.max(end - start + 1, 1);
  const elapsedDays = now < start ? 0 : Math.min(now, end) - start + 1;
  return { elapsedDays: Math.max(elapsedDays, 0), totalDays, ended: now > end };
}

// --- formatting (deterministic, locale-free) ---

function trimNumber(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  const trimmed = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  return trimmed === "-0" ? "0" : trimmed;
}

/** Measured rates keep one decimal ("7.0 %") so interval ends line up; targets drop a trailing ".0" ("10 %"). */
function formatPercent(p: number): string {
  const s = (p * 100).toFixed(1);
  return `${s === "-0.0" ? "0.0" : s} %`;
}

function formatTargetPercent(p: number): string {
  return `${trimNumber(p * 100, 2)} %`;
}

/** "45,769", "1,234.5": thousands grouped, at most two decimals. */
function formatPlain(x: number): string {
  if (Math.abs(x) >= 1e15) return x.toPrecision(6);
  const [whole, fraction] = trimNumber(x, 2).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/**
 * How many more trials (or values) the timebox will add at the pace so far, or null when that
 * cannot be said (not started, no full day yet, or already over).
 */
function reachableMore(n: number, box: Timebox | null): number | null {
  if (!box || box.ended || box.elapsedDays < 1) return null;
  return Math.floor((n / box.elapsedDays) * (box.totalDays - box.elapsedDays));
}

function plural(n: number, word: string): string {
  return `${formatPlain(n)} ${word}${n === 1 ? "" : "s"}`;
}

function emptyEvaluation(kind: MetricKind, n: number, explanation: string): Evaluation {
  return {
    kind,
    n,
    estimate: null,
    interval: null,
    probabilityMeetsTarget: null,
    sd: null,
    projection: null,
    verdict: "too_early",
    extraSampleNeeded: null,
    explanation,
  };
}

function evaluateRate(criterion: Criterion, agg: Aggregate, box: Timebox | null): Evaluation {
  const n = Math.max(agg.trials, 0);
  if (n === 0) return emptyEvaluation("RATE", 0, "No evidence logged yet.");
  const s = Math.min(Math.max(agg.successes, 0), n);
  const { comparator, target } = criterion;
  const p = s / n;
  const interval = wilsonInterval(s, n);
  const probabilityMeetsTarget =
    comparator === "gte" ? betaProbabilityAtLeast(s, n, target) : betaProbabilityAtMost(s, n, target);
  const verdict = n < MIN_RATE_TRIALS ? "too_early" : intervalVerdict(interval, criterion);

  const range = `${formatPercent(interval.low)}–${formatPercent(interval.high)}`;
  const targetText = `${formatTargetPercent(target)} target`;
  let extraSampleNeeded: number | null = null;
  let explanation: string;
  if (verdict === "met" || verdict === "not_met") {
    const above = (verdict === "met") === (comparator === "gte");
    explanation = `The whole 95 % interval (${range}) is ${above ? "above" : "below"} the ${targetText}.`;
  } else if (p === target) {
    explanation = `Too early: the current rate of ${formatPercent(p)} sits exactly on the ${targetText}, so the extra sample needed cannot be estimated.`;
  } else {
    // Ask how many trials at today's p̂ would make the Wilson interval clear the target.
    const lowerN = n < MIN_RATE_TRIALS ? MIN_RATE_TRIALS : Math.floor(n) + 1;
    const needed = smallestDecisiveN(lowerN, (N) => decisive(wilsonInterval(p * N, N), criterion));
    const reachable = reachableMore(n, box);
    if (needed !== null && reachable !== null && needed - n > reachable) {
      // A figure of tens of thousands reads as a plan; say plainly that the timebox cannot get there.
      extraSampleNeeded = Math.max(Math.ceil(needed - n), 1);
      explanation = `Too early, and likely to stay so: the current rate of ${formatPercent(p)} is too close to the ${targetText} to decide with a feasible sample; at the pace so far the timebox adds about ${plural(reachable, "more trial")}.`;
    } else if (needed !== null) {
      extraSampleNeeded = Math.max(Math.ceil(needed - n), 1);
      explanation = `Too early: about ${plural(extraSampleNeeded, "more trial")} needed at the current rate of ${formatPercent(p)}.`;
    } else {
      explanation = `Too early: the current rate of ${formatPercent(p)} is too close to the ${targetText} to estimate the extra sample needed.`;
    }
  }
  return {
    kind: "RATE",
    n,
    estimate: p,
    interval,
    probabilityMeetsTarget,
    sd: null,
    projection: null,
    verdict,
    extraSampleNeeded,
    explanation,
  };
}

/** N ≈ (t·sd / |mean − target|)², iterated because t depends on df = N − 1. */
function meanSampleSize(sd: number, distance: number): number | null {
  let N = Math.max(2, Math.ceil(((Z_95 * sd) / distance) ** 2));
  for (let i = 0; i < 100; i++) {
    if (!Number.isFinite(N) || N > MAX_SAMPLE_SEARCH) return null;
    const next = Math.max(2, Math.ceil(((studentTQuantile(0.975, N - 1) * sd) / distance) ** 2));
    if (next === N) break;
    N = next;
  }
  return N;
}

function evaluateMean(criterion: Criterion, agg: Aggregate, box: Timebox | null): Evaluation {
  const n = Math.max(agg.valueCount, 0);
  if (n === 0) return emptyEvaluation("MEAN", 0, "No evidence logged yet.");
  const { target } = criterion;
  const mean = agg.valueSum / n;
  const stats = meanInterval(n, agg.valueSum, agg.valueSumSquares);
  const verdict = stats === null || n < MIN_MEAN_VALUES ? "too_early" : intervalVerdict(stats.interval, criterion);
  const targetText = `the target of ${formatPlain(target)}`;

  let extraSampleNeeded: number | null = null;
  let explanation: string;
  if (verdict !== "too_early" && stats) {
    const above = (verdict === "met") === (criterion.comparator === "gte");
    const range = `${formatPlain(stats.interval.low)}–${formatPlain(stats.interval.high)}`;
    explanation = `The whole 95 % interval (${range}) is ${above ? "above" : "below"} ${targetText}.`;
  } else if (mean === target) {
    explanation = `Too early: the current mean of ${formatPlain(mean)} sits exactly on ${targetText}, so the extra sample needed cannot be estimated.`;
  } else if (stats === null) {
    // One value: no spread yet, so only the minimum sample can be stated.
    extraSampleNeeded = MIN_MEAN_VALUES - n;
    explanation = `Too early: at least ${plural(extraSampleNeeded, "more value")} needed before a verdict.`;
  } else {
    const N = meanSampleSize(stats.sd, Math.abs(mean - target));
    const reachable = reachableMore(n, box);
    if (N !== null && reachable !== null && N - n > reachable) {
      extraSampleNeeded = Math.max(N - n, MIN_MEAN_VALUES - n, 1);
      explanation = `Too early, and likely to stay so: the current mean of ${formatPlain(mean)} is too close to ${targetText} to decide with a feasible sample; at the pace so far the timebox adds about ${plural(reachable, "more value")}.`;
    } else if (N !== null) {
      extraSampleNeeded = Math.max(N - n, MIN_MEAN_VALUES - n, 1);
      explanation = `Too early: about ${plural(extraSampleNeeded, "more value")} needed at the current mean of ${formatPlain(mean)}.`;
    } else {
      explanation = `Too early: the current mean of ${formatPlain(mean)} is too close to ${targetText} to estimate the extra sample needed.`;
    }
  }
  return {
    kind: "MEAN",
    n,
    estimate: mean,
    interval: stats?.interval ?? null,
    probabilityMeetsTarget: null,
    sd: stats?.sd ?? null,
    projection: null,
    verdict,
    extraSampleNeeded,
    explanation,
  };
}

function evaluateCount(criterion: Criterion, agg: Aggregate, box: Timebox | null): Evaluation {
  const n = Math.max(agg.valueCount, 0);
  if (n === 0) return emptyEvaluation("COUNT", 0, "No evidence logged yet.");
  const total = agg.valueSum;
  const { comparator, target } = criterion;
  const ended = box?.ended ?? false;
  const projection = box && box.elapsedDays >= 1 ? (total / box.elapsedDays) * box.totalDays : null;
  const totalText = formatPlain(total);
  const targetText = formatPlain(target);

  let verdict: Verdict;
  let extraSampleNeeded: number | null = null;
  let explanation: string;
  if (comparator === "gte") {
    if (total >= target) {
      verdict = "met";
      explanation = `The total of ${totalText} has reached the target of ${targetText}.`;
    } else if (ended) {
      verdict = "not_met";
      explanation = `The timebox ended with a total of ${totalText}, short of the target of ${targetText}.`;
    } else {
      verdict = "too_early";
      extraSampleNeeded = target - total;
      const pace = projection === null ? "" : ` (on pace for ${formatPlain(projection)} by the end)`;
      explanation = `Too early: ${formatPlain(extraSampleNeeded)} more needed to reach the target of ${targetText}${pace}.`;
    }
  } else if (total > target) {
    verdict = "not_met";
    explanation = `The total of ${totalText} has exceeded the limit of ${targetText}.`;
  } else if (ended) {
    verdict = "met";
    explanation = `The timebox ended with a total of ${totalText}, within the limit of ${targetText}.`;
  } else {
    verdict = "too_early";
    explanation = `Too early: the total of ${totalText} is within the limit of ${targetText}, but the timebox has not ended.`;
  }
  return {
    kind: "COUNT",
    n,
    estimate: total,
    interval: null,
    probabilityMeetsTarget: null,
    sd: null,
    projection,
    verdict,
    extraSampleNeeded,
    explanation,
  };
}

function aggregateIsFinite(a: Aggregate): boolean {
  return [a.successes, a.trials, a.valueCount, a.valueSum, a.valueSumSquares].every(Number.isFinite);
}

export function evaluate(input: EvaluationInput): Evaluation {
  const { kind, criterion, aggregate } = input;
  if (!aggregateIsFinite(aggregate) || !Number.isFinite(criterion.target)) {
    // Validated input never gets here; refuse to turn overflowed sums into a verdict.
    return emptyEvaluation(kind, 0, "The logged evidence is too large or invalid to summarise.");
  }
  switch (kind) {
    case "RATE":
      return evaluateRate(criterion, aggregate, timebox(input.startsOn, input.endsOn, input.asOf));
    case "MEAN":
      return evaluateMean(criterion, aggregate, timebox(input.startsOn, input.endsOn, input.asOf));
    case "COUNT":
      return evaluateCount(criterion, aggregate, timebox(input.startsOn, input.endsOn, input.asOf));
  }
}

// ---------------------------------------------------------------------------
// Planning a rate
// ---------------------------------------------------------------------------

/**
 * Where a RATE experiment of `trials` trials will decide, by the same rule as its verdict: the
 * success counts that make it met and those that make it not met (null when no count does; below
 * MIN_RATE_TRIALS nothing decides). For ≥ criteria, met from `met` successes up and not met from
 * `notMet` down; for ≤ the other way round. Counts in between stay too early. For plans that say,
 * before the start, "with 200 visitors, 30 clicks or more meet it".
 */
export function rateDecisionPoints(trials: number, criterion: Criterion): { met: number | null; notMet: number | null } {
  if (!Number.isInteger(trials) || trials < MIN_RATE_TRIALS) return { met: null, notMet: null };
  const verdictAt = (successes: number) => intervalVerdict(wilsonInterval(successes, trials), criterion);
  let met: number | null = null;
  let notMet: number | null = null;
  for (let successes = 0; successes <= trials; successes++) {
    const verdict = verdictAt(successes);
    if (criterion.comparator === "gte") {
      if (verdict === "met" && met === null) met = successes;
      if (verdict === "not_met") notMet = successes;
    } else {
      if (verdict === "met") met = successes;
      if (verdict === "not_met" && notMet === null) notMet = successes;
    }
  }
  return { met, notMet };
}
