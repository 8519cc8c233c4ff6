import type { Prisma } from "../../lib/generated/prisma/client.ts";

/**
 * Rows of `table` this transaction has read so far, by sequential scan or
 * fetched through an index (PostgreSQL's per-transaction statistics): what a
 * test reads before and after a query to prove its cost does not grow with
 * the table.
 */
export async function rowsRead(tx: Prisma.TransactionClient, table: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ read: number }[]>`
    SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int AS read FROM pg_stat_xact_user_tables WHERE relname = ${table}`;
  return row?.read ?? 0;
}
