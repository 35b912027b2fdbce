/** RFC 4180 CSV tokenizer shared by the evidence and signal imports. */

export type RawRecord = { line: number; fields: string[] };
export type TokenizeResult =
  | { ok: true; records: RawRecord[] }
  | { ok: false; problem: "unterminated" | "text-after-quote"; line: number; records: RawRecord[] };

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t";
}

export function tokenizeCsv(text: string): TokenizeResult {
  const records: RawRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  for (;;) {
    const record: RawRecord = { line, fields: [] };
    for (;;) {
      // One field.
      let j = i;
      while (isSpace(text[j])) j++;
      if (text[j] === '"') {
        const quoteLine = line;
        let value = "";
        j++;
        for (;;) {
          const quote = text.indexOf('"', j);
          if (quote === -1) return { ok: false, problem: "unterminated", line: quoteLine, records };
          line += countLineBreaks(text, j, quote);
          if (text[quote + 1] === '"') {
            value += text.slice(j, quote + 1);
            j = quote + 2;
          } else {
            value += text.slice(j, quote);
            j = quote + 1;
            break;
          }
        }
        while (isSpace(text[j])) j++;
        if (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") {
          return { ok: false, problem: "text-after-quote", line, records };
        }
        // Line endings inside a field are normalised, so the same note saved by another editor matches.
        record.fields.push(value.replace(/\r\n?/g, "\n"));
        i = j;
      } else {
        let k = i;
        while (k < n && text[k] !== "," && text[k] !== "\n" && text[k] !== "\r") k++;
        record.fields.push(text.slice(i, k));
        i = k;
      }

      if (i >= n) {
        records.push(record);
        return { ok: true, records };
      }
      if (text[i] === ",") {
        i++;
        continue;
      }
      // Line break ends the record.
      i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      records.push(record);
      if (i >= n) return { ok: true, records };
      break;
    }
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const char = text[k];
    if (char === "\n") count++;
    else if (char === "\r" && text[k + 1] !== "\n") count++;
  }
  return count;
}

