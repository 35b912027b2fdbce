import { Form } from "@remix-run/react";
import { CATEGORIES, CATEGORY_LABELS, CATEGORY_QUESTIONS } from "~/modules/hypotheses/vocabulary";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, SubmissionKey, TextareaField } from "./form";

type Values = { productId?: string; statement?: string; segment?: string; category?: string; importance?: string | number; ownerId?: string | null };

export function HypothesisForm({
  products,
  members,
  values,
  failure,
  submitLabel,
  version,
  busy,
}: {
  products: { id: string; name: string }[];
  members: { id: string; name: string }[];
  values: Values;
  failure?: ActionFailure;
  submitLabel: string;
  version?: number;
  busy: boolean;
}) {
  const v = { ...values, ...(failure?.values ?? {}) };
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="space-y-5" noValidate>
      <SubmissionKey />
      <FormError message={failure?.formError} fieldErrors={errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <TextareaField
        label="We believe that…"
        name="statement"
        rows={3}
        required
        defaultValue={v.statement ?? ""}
        placeholder="small businesses will pay $19/month to get invoices paid twice as fast"
        help="One belief per hypothesis, specific enough that evidence could prove it wrong."
        error={errors.statement}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Product"
          name="productId"
          required
          defaultValue={v.productId ?? (products.length === 1 ? products[0].id : "")}
          placeholder="Choose a product"
          options={products.map((product) => ({ value: product.id, label: product.name }))}
          error={errors.productId}
        />
        <Field label="Customer segment" name="segment" defaultValue={v.segment ?? ""} placeholder="Freelance designers in the EU" help="Optional: who this belief is about." error={errors.segment} />
        <SelectField
          label="Category"
          name="category"
          required
          defaultValue={v.category ?? ""}
          placeholder="Choose a category"
          options={CATEGORIES.map((category) => ({ value: category, label: `${CATEGORY_LABELS[category]} — ${CATEGORY_QUESTIONS[category]}` }))}
          error={errors.category}
        />
        <SelectField
          label="Importance"
          name="importance"
          required
          defaultValue={String(v.importance ?? "")}
          placeholder="How much rides on it?"
          options={[
            { value: "5", label: "5 — the business fails if this is wrong" },
            { value: "4", label: "4 — major" },
            { value: "3", label: "3 — significant" },
            { value: "2", label: "2 — minor" },
            { value: "1", label: "1 — nice to know" },
          ]}
          error={errors.importance}
        />
        <SelectField
          label="Owner"
          name="ownerId"
          defaultValue={v.ownerId ?? ""}
          placeholder="No owner yet"
          options={members.map((member) => ({ value: member.id, label: member.name }))}
          error={errors.ownerId}
        />
      </div>
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
