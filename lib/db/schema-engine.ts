import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's schema engine compiled to WebAssembly (shipped in the npm registry
// package @prisma/schema-engine-wasm): it diffs schemas like `prisma migrate diff`
// without the native binary, which cannot be downloaded here. Its package only
// exports an entry that imports the .wasm as an ES module, which Node cannot do,
// so the bindings are instantiated by hand.

type DiffTarget = { tag: "empty" } | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };

interface SchemaEngineInstance {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

interface Bindings {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: object, log: (line: string) => void, adapter: object) => Promise<SchemaEngineInstance> };
}

let bindings: Promise<Bindings> | undefined;

function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const dir = path.resolve("node_modules/@prisma/schema-engine-wasm");
    const glue = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as Bindings;
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(dir, "schema_engine_bg.wasm")), {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");

/**
 * The SQL Prisma would write to create what schema.prisma describes in an empty
 * database (`prisma migrate diff --from-empty --to-schema`). Reading a live
 * database back is not possible this way: the engine cannot decode some
 * PostgreSQL catalog types through the pg adapter, so the schema agreement test
 * compares catalogs itself (lib/db/catalog.ts).
 */
export async function sqlForSchema(serverUrl: string, schemaPath: string = SCHEMA_PATH): Promise<string> {
  const glue = await loadBindings();
  const content = fs.readFileSync(schemaPath, "utf8");
  // The engine connects to a server even for a diff that reads no database.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: serverUrl }));
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, content]] }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").trim();
  } finally {
    engine.free();
  }
}
