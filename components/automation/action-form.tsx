"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";

/** A server action given the form's body: null when done, else why not. */
export type SendBody = (body: unknown) => Promise<string | null>;

/**
 * A small form whose fields become one server action's body; on success the
 * page's server data is refreshed, on refusal the server's message is shown.
 */
export function ActionForm({
  label,
  send,
  toBody,
  submit,
  children,
  tone = "primary",
}: {
  label: string;
  send: SendBody;
  toBody: (form: FormData) => unknown;
  submit: string;
  children?: ReactNode;
  tone?: "primary" | "danger" | "plain";
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const problem = await sendOrSay(send, toBody(new FormData(event.currentTarget)));
    setBusy(false);
    if (problem) setError(problem);
    else router.refresh();
  }

  const tones = {
    primary: "bg-slate-900 text-white hover:bg-slate-700",
    danger: "border border-red-300 text-red-700 hover:bg-red-50",
    plain: "border border-slate-300 text-slate-800 hover:bg-slate-50",
  };
  return (
    <form aria-label={label} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 text-sm">
      {children}
      <button type="submit" disabled={isBusy} className={`rounded px-3 py-1.5 font-medium disabled:opacity-50 ${tones[tone]}`}>
        {submit}
      </button>
      {error ? (
        <p role="alert" className="basis-full rounded bg-red-50 px-3 py-2 text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** What a form says when its server action did not answer at all. */
export const NO_ANSWER = "The change did not go through: the server did not answer, or failed. Try again.";

/** A server action's answer, or what to say when the server did not answer at all. */
export async function sendOrSay(send: SendBody, body: unknown): Promise<string | null> {
  try {
    return await send(body);
  } catch {
    return NO_ANSWER;
  }
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

export const inputClass = "rounded border border-slate-300 px-2 py-1.5";

/** A field's text as the form holds it, trimmed; empty when absent. */
export const fieldText = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** Why a change is made, for the audit trail (the API wants at least 3 characters). */
export function ReasonField({ label = "Why", name = "reason", width }: { label?: string; name?: string; width: "w-56" | "w-64" | "w-72" }) {
  return (
    <Field label={label}>
      <input name={name} required minLength={3} className={`${inputClass} ${width}`} />
    </Field>
  );
}
