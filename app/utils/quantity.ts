/**
 * A number with its unit, as every sentence and table writes it: "1,200 customers", "820 ms",
 * "12.5 %", "57" (no unit). Rounded to `maximumFractionDigits` (2 unless a log needs more), and
 * never "-0".
 */
export function formatQuantity(value: number, unit: string, maximumFractionDigits = 2): string {
  const scale = 10 ** maximumFractionDigits;
  const rounded = Math.round(value * scale) / scale;
  const text = (rounded === 0 ? 0 : rounded).toLocaleString("en-US", { maximumFractionDigits });
  const trimmedUnit = unit.trim();
  return trimmedUnit ? `${text} ${trimmedUnit}` : text;
}
