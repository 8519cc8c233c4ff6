import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The house rules eslint.config.mjs adds to Next's: which doors lib/ is entered
// through, and that a client component keeps out of the server's. Linted as if
// each text were the named file of this repository.

const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function problems(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== "@typescript-eslint/no-unused-vars").map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the house's lint rules", () => {
  it("know every server door: each lib/ concern whose index.ts imports server-only", () => {
    const doors = fs.readdirSync(path.join(root, "lib")).filter((name) => {
      const door = path.join(root, "lib", name, "index.ts");
      return fs.existsSync(door) && fs.readFileSync(door, "utf8").includes('import "server-only";');
    });
    expect(doors).toEqual(expect.arrayContaining(["db", "automation", "stations", "auth", "http"]));
  });

  it("refuse a client component's value import from a server door, and let its types and client.ts in", { timeout: 60_000 }, async () => {
    const client = (imports: string) => `"use client";\n${imports}\nexport function X() { return null; }\n`;
    expect(await problems("components/x/probe.tsx", client('import { OK_LABEL } from "@/lib/stations";\nvoid OK_LABEL;'))).toEqual([
      'understudy/client-imports-no-server-door: @/lib/stations is server code (its index.ts imports "server-only"): a client component imports only types from it, or client-safe code from @/lib/stations/client.',
    ]);
    expect(await problems("components/x/probe.tsx", client('import type { Db } from "@/lib/db";\nimport { type Role } from "@/lib/auth";'))).toEqual([]);
    expect(await problems("components/x/probe.tsx", client('import { LEVEL_LABELS } from "@/lib/automation/client";\nvoid LEVEL_LABELS;'))).toEqual([]);
    // A server component may import the door.
    expect(await problems("components/x/probe.tsx", 'import { OK_LABEL } from "@/lib/stations";\nexport const x = OK_LABEL;\n')).toEqual([]);
  });

  it("refuse a deep import into another concern, from app/ and inside lib/", { timeout: 60_000 }, async () => {
    expect(await problems("app/x/probe.ts", 'import { levelAbove } from "@/lib/automation/levels";\nexport const x = levelAbove;\n')).toEqual([
      "no-restricted-imports: '@/lib/automation/levels' import is restricted from being used by a pattern. Import a concern through its index.ts (@/lib/<concern>), or from client code through its client.ts (@/lib/<concern>/client).",
    ]);
    expect(await problems("lib/demo/probe.ts", 'import { levelAbove } from "../automation/levels.ts";\nexport const x = levelAbove;\n')).toEqual([
      "no-restricted-imports: '../automation/levels.ts' import is restricted from being used by a pattern. Import another concern through its index.ts (or, from client-safe code, its client.ts; a model's metadata without tfjs, model/metadata.ts).",
    ]);
    expect(await problems("lib/demo/probe.ts", 'import { levelAbove } from "../automation/index.ts";\nexport const x = levelAbove;\n')).toEqual([]);
    // The model's second door, its metadata without tfjs; the rest of model stays behind index.ts.
    expect(await problems("lib/drift/probe.ts", 'import { isCameraModel } from "../model/metadata.ts";\nexport const x = isCameraModel;\n')).toEqual([]);
    expect(await problems("lib/drift/probe.ts", 'import { DefectModel } from "../model/inference.ts";\nexport const x = DefectModel;\n')).toHaveLength(1);
  });
});
