import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  help?: ReactNode;
};

/** Label above, help below, the error in red under the field and announced to screen readers. */
export function Field({ label, name, error, help, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const describedBy = [help ? `${inputId}-help` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {help ? (
        <p id={`${inputId}-help`} className="muted text-xs">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${inputId}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The message at the top of a form after a failed submit. Focus moves to the first invalid
 * field (or to this summary), so keyboard and screen-reader users land on the problem.
 */
export function FormError({ message, fieldErrors }: { message?: string; fieldErrors?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const hasFieldErrors = fieldErrors && Object.keys(fieldErrors).length > 0;
  const text = message ?? (hasFieldErrors ? "Please correct the highlighted fields." : undefined);
  useEffect(() => {
    if (!text || !ref.current) return;
    const form = ref.current.closest("form");
    const firstInvalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? ref.current).focus();
  }, [text, fieldErrors]);
  if (!text) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      {text}
    </div>
  );
}

type Option = { value: string; label: string };

export function SelectField({
  label,
  name,
  options,
  error,
  help,
  defaultValue,
  placeholder,
  required,
  id: idProp,
}: {
  label: string;
  name: string;
  id?: string;
  options: Option[];
  error?: string;
  help?: ReactNode;
  defaultValue?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const id = idProp ?? `field-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={[help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {help ? (
        <p id={`${id}-help`} className="muted text-xs">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextareaField({
  label,
  name,
  error,
  help,
  defaultValue,
  rows = 3,
  required,
  placeholder,
  id: idProp,
}: {
  label: string;
  name: string;
  id?: string;
  error?: string;
  help?: ReactNode;
  defaultValue?: string;
  rows?: number;
  required?: boolean;
  placeholder?: string;
}) {
  const id = idProp ?? `field-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        placeholder={placeholder}
        defaultValue={defaultValue}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={[help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
      />
      {help ? (
        <p id={`${id}-help`} className="muted text-xs">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
