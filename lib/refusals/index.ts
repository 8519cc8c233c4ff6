// What the domain answers when it will not do something: a kind (who may
// not, nothing there, no longer there, not now, not like this) that the API's edge maps to
// an HTTP status in one table (lib/http/problem.ts), a reason for programs
// and a detail for people. lib/ never speaks HTTP.

export type RefusalKind = "forbidden" | "not-found" | "gone" | "conflict" | "invalid";

export interface Refusal<Reason extends string = string> {
  ok: false;
  kind: RefusalKind;
  reason: Reason;
  detail: string;
}

export function refuse<Reason extends string>(kind: RefusalKind, reason: Reason, detail: string): Refusal<Reason> {
  return { ok: false, kind, reason, detail };
}
