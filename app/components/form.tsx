import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import { useActionData, useNavigation, useRouteLoaderData } from "@remix-run/react";

type A11y = { "aria-invalid"?: true; "aria-describedby"?: string };

/** Label above, help below, the error in red under the control — one frame for every kind of field. */
function FieldFrame({ id, label, help, error, children }: { id: string; label: string; help?: ReactNode; error?: string; children: (a11y: A11y) => ReactNode }) {
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ ...(error ? { "aria-invalid": true as const } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
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

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  help?: ReactNode;
};

export function Field({ label, name, error, help, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <FieldFrame id={inputId} label={label} help={help} error={error}>
      {(a11y) => <input id={inputId} name={name} className="input" {...a11y} {...input} />}
    </FieldFrame>
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

type CommonProps = { label: string; name: string; id?: string; error?: string; help?: ReactNode; defaultValue?: string; required?: boolean; placeholder?: string };

export function SelectField({ label, name, id, error, help, defaultValue, required, placeholder, options }: CommonProps & { options: Option[] }) {
  const selectId = id ?? `field-${name}`;
  return (
    <FieldFrame id={selectId} label={label} help={help} error={error}>
      {(a11y) => (
        <select id={selectId} name={name} defaultValue={defaultValue ?? ""} required={required} className="input" {...a11y}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function TextareaField({ label, name, id, error, help, defaultValue, required, placeholder, rows = 3 }: CommonProps & { rows?: number }) {
  const textareaId = id ?? `field-${name}`;
  return (
    <FieldFrame id={textareaId} label={label} help={help} error={error}>
      {(a11y) => <textarea id={textareaId} name={name} rows={rows} required={required} placeholder={placeholder} defaultValue={defaultValue} className="input" {...a11y} />}
    </FieldFrame>
  );
}

/**
 * A ref for a form that empties itself once its submission saved (the action redirected, so there
 * is no failure to show): a saved form left filled in invites a second, identical submit. The
 * submission is this form's when every hidden input it holds was sent with the same value.
 */
export function useClearAfterSave() {
  const ref = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const failure = useActionData();
  const submitted = useRef(false);
  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    if (navigation.state === "submitting" && navigation.formData) {
      const sent = navigation.formData;
      submitted.current = [...form.querySelectorAll<HTMLInputElement>('input[type="hidden"]')].every((input) => sent.get(input.name) === input.value);
    } else if (navigation.state === "idle" && submitted.current) {
      submitted.current = false;
      if (failure === undefined) form.reset();
    }
  }, [navigation.state, navigation.formData, failure]);
  return ref;
}

/**
 * The hidden submission key of a creating form inside a team's pages: sent twice (a double click,
 * a resend), the form still creates once. The key comes with the team layout's data, so it is the
 * same on the server and in the browser and is renewed after every submission.
 */
export function SubmissionKey() {
  const layout = useRouteLoaderData("routes/t.$team") as { submission?: string } | undefined;
  return layout?.submission ? <input type="hidden" name="submission" value={layout.submission} /> : null;
}
