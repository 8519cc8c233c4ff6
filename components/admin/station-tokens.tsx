"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/admin/access-actions";
import { inputClass, NO_ANSWER } from "@/components/automation/action-form";

export interface TokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "–");

/**
 * A station's camera tokens: an admin creates one (its secret is shown this
 * once, never again: only its hash is kept) and revokes any, which refuses
 * the camera holding it from then on.
 */
export function StationTokens({ slug, stationName, tokens }: { slug: string; stationName: string; tokens: TokenRow[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function call(run: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch {
      setError(NO_ANSWER);
    } finally {
      setBusy(false);
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    void call(async () => {
      const answer = await createTokenAction(slug, { name });
      if (!answer.ok) return setError(answer.detail);
      setSecret({ name, token: answer.token });
      form.reset();
      router.refresh();
    });
  }

  function revoke(token: TokenRow) {
    if (!window.confirm(`Revoke "${token.name}"? The camera holding it can no longer post photos to ${stationName}.`)) return;
    void call(async () => {
      const problem = await revokeTokenAction(slug, token.id);
      if (problem) return setError(problem);
      router.refresh();
    });
  }

  return (
    <section aria-label={`Camera tokens of ${stationName}`} className="rounded border border-slate-200 bg-white p-3 text-sm">
      <h3 className="mb-2 font-medium">{stationName}: camera tokens</h3>
      {tokens.length === 0 ? (
        <p className="text-slate-600">No token yet: cameras cannot post photos to this station.</p>
      ) : (
        <table className="mb-2 min-w-full">
          <thead className="text-left text-xs text-slate-600">
            <tr>
              <th className="pr-3">name</th>
              <th className="pr-3">created</th>
              <th className="pr-3">last used</th>
              <th className="pr-3">state</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="station-token">
                <td className="pr-3">{token.name}</td>
                <td className="pr-3 tabular-nums">{when(token.createdAt)}</td>
                <td className="pr-3 tabular-nums">{when(token.lastUsedAt)}</td>
                <td className={`pr-3 ${token.revokedAt ? "text-slate-500" : "text-green-700"}`}>
                  {token.revokedAt ? `revoked ${when(token.revokedAt)}` : "live"}
                </td>
                <td>
                  {token.revokedAt ? null : (
                    <button
                      type="button"
                      disabled={isBusy}
                      onClick={() => revoke(token)}
                      className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50"
                    >
                      Revoke {token.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form aria-label={`New camera token for ${stationName}`} onSubmit={create} className="flex items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Camera name</span>
          <input name="name" required maxLength={80} className={inputClass} />
        </label>
        <button type="submit" disabled={isBusy} className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-50">
          Create token
        </button>
      </form>
      {secret ? (
        <div role="status" className="mt-2 rounded bg-amber-50 p-2">
          Token for <strong>{secret.name}</strong>, shown only now: copy it to the camera&apos;s configuration.
          <code data-testid="new-token" className="mt-1 block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs">
            {secret.token}
          </code>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 rounded bg-red-50 px-2 py-1 text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}
