import { useState } from "react";

/**
 * A link shown once (an invite, a share link): read-only, selected on focus, with a Copy button
 * where the browser lets pages write to the clipboard. Without JavaScript it is still selectable.
 */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2 flex gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} readOnly value={value} className="input min-w-0 flex-1 font-mono text-xs" onFocus={(event) => event.currentTarget.select()} />
      <button
        type="button"
        className="btn-secondary shrink-0"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
      </button>
    </div>
  );
}
