import type pg from "pg";

/**
 * A normalised description of a database schema's tables, columns (type,
 * nullability, default), constraints, indexes and enums: one sorted line each,
 * so two databases agree exactly when their descriptions are equal.
 * Prisma's own bookkeeping table is left out; so are triggers and functions,
 * which schema.prisma cannot express.
 */
export async function describeCatalog(client: pg.Client | pg.PoolClient, schema = "public"): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `
    SELECT format('column %s.%s %s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                  COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '')) AS line
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> '_prisma_migrations'
    UNION ALL
    SELECT format('constraint %s.%s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname <> '_prisma_migrations'
    UNION ALL
    SELECT format('index %s', indexdef)
      FROM pg_indexes
     WHERE schemaname = $1 AND tablename <> '_prisma_migrations'
    UNION ALL
    SELECT format('enum %s (%s)', t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder))
      FROM pg_type t
      JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = $1
     GROUP BY t.typname
    `,
    [schema],
  );
  return rows.map((row) => row.line).sort();
}
