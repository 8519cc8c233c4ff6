import { z } from "zod";
import type { AccountChange } from "../auth/index.ts";
import { db, type DbOrTx } from "../db/index.ts";
import { HttpProblem, refusalProblem } from "./problem.ts";

/** Runs an account change on the account named in the path, in one transaction; an expected refusal becomes its problem+json. */
export async function changeAccount<T extends object>(id: string, change: (tx: DbOrTx, id: string) => Promise<AccountChange<T>>): Promise<{ id: string } & T> {
  if (!z.string().min(1).max(64).safeParse(id).success) throw new HttpProblem(400, "Bad Request", "The account id is not one.");
  const result = await db().$transaction((tx) => change(tx, id));
  if (!result.ok) throw refusalProblem(result);
  const { ok: _ok, ...rest } = result;
  return { id, ...(rest as unknown as T) };
}
