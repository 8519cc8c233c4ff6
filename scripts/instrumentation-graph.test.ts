import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Next bundles instrumentation.ts in a module graph of its own: whatever it
// imports (the background sweeper, photo retention) is loaded a second time
// at every server start, beside the routes' copy. tfjs in that graph means a
// second model stack in every instance (seen in the server log: "Platform node
// has already been set", "The kernel ... is already registered"). This walks
// the graph as the bundler does (value imports, re-exports and dynamic
// imports; type-only ones are erased) and names the way in if one appears.

const ROOT = path.resolve(import.meta.dirname, "..");

/** The specifiers a file loads at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typesOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typesOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typesOnly = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((element) => element.isTypeOnly));
      if (!typesOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository file a specifier names, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  const candidate = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
  if (!candidate) throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
  return candidate;
}

/** The packages a file's graph loads, each with the chain of files that reaches it first. */
function packagesReached(entry: string): Map<string, string[]> {
  const cameFrom = new Map<string, string | null>([[entry, null]]);
  const packages = new Map<string, string[]>();
  const queue = [entry];
  const chain = (file: string) => {
    const files: string[] = [];
    for (let at: string | null | undefined = file; at; at = cameFrom.get(at)) files.unshift(path.relative(ROOT, at));
    return files;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of runtimeImports(file)) {
      const target = resolve(file, specifier);
      if (target === null) {
        if (!packages.has(specifier)) packages.set(specifier, chain(file));
      } else if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return packages;
}

const tfjsIn = (packages: Map<string, string[]>) =>
  [...packages].filter(([name]) => name.startsWith("@tensorflow/")).map(([name, files]) => `${name} <- ${files.reverse().join(" <- ")}`);

describe("instrumentation's module graph", () => {
  it("holds no tfjs: the background sweeper and photo retention do not load the model stack again", { timeout: 60_000 }, () => {
    expect(tfjsIn(packagesReached(path.join(ROOT, "instrumentation.ts")))).toEqual([]);
  });

  it("is walked as the bundler walks it: the model's door does reach tfjs", { timeout: 60_000 }, () => {
    expect(tfjsIn(packagesReached(path.join(ROOT, "lib/model/index.ts")))[0]).toMatch(/^@tensorflow\/tfjs <- lib\/model\/inference\.ts/);
  });
});
