// `npm run lint` (the first step of `npm test`): Next's own rules (React,
// hooks, Next, typescript-eslint), with Prettier owning the format
// (`prettier --check`; eslint-config-prettier turns ESLint's format rules off).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import fs from "node:fs";
import path from "node:path";

/** The lib/ concerns whose door is server code: their index.ts imports "server-only". */
const SERVER_DOORS = fs
  .readdirSync(path.join(import.meta.dirname, "lib"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => {
    const door = path.join(import.meta.dirname, "lib", name, "index.ts");
    return fs.existsSync(door) && /^import "server-only";$/m.test(fs.readFileSync(door, "utf8"));
  });

/**
 * A client component ("use client" first) importing a server door names it here,
 * at the import, rather than as one line among the thousand errors of a build
 * that tried to bundle PostgreSQL for the browser. Type-only imports are erased.
 */
const clientImportsNoServerDoor = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      server:
        '{{source}} is server code (its index.ts imports "server-only"): a client component imports only types from it, or client-safe code from {{source}}/client.',
    },
  },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    if (first?.type !== "ExpressionStatement" || first.directive !== "use client") return {};
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        const concern = /^@\/lib\/([^/]+)$/.exec(source)?.[1];
        if (!concern || !SERVER_DOORS.includes(concern) || node.importKind === "type") return;
        if (node.specifiers.length > 0 && node.specifiers.every((specifier) => specifier.importKind === "type")) return;
        context.report({ node, messageId: "server", data: { source } });
      },
    };
  },
};

const eslintConfig = [
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "lib/generated/**", "public/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading underscore says "deliberately unused" (a destructured field left out, a parameter kept for its position).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Routes and components enter lib/ through a concern's door: its index.ts (@/lib/captures), or from client
    // code its client.ts (@/lib/model/client), which holds nothing that reaches the database or the request.
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/db/client", message: "Import the database client from @/lib/db." }],
          patterns: [
            {
              regex: "^@/lib/(?!generated/prisma/enums$)[^/]+/(?!client$).+",
              message: "Import a concern through its index.ts (@/lib/<concern>), or from client code through its client.ts (@/lib/<concern>/client).",
            },
            { regex: "^(\\.\\./)+lib/", message: "Import lib/ as @/lib/<concern>." },
          ],
        },
      ],
    },
  },
  ...[
    ["lib/*/*.{ts,tsx}", "\\.\\./"],
    ["lib/*/*/*.{ts,tsx}", "\\.\\./\\.\\./"],
  ].map(([files, up]) => ({
    // Inside lib/, one concern enters another through its door too: its index.ts (lib/model/training has its
    // own), or from client-safe code its client.ts (tests' fixtures live in test/support). One block per folder depth, so
    // that "up" is exactly the climb out of the importing file's own concern.
    files: [files],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^${up}(?!generated/|model/metadata\\.ts$)[^./][^/]*/(?!index\\.ts$|client\\.ts$|training/index\\.ts$).+`,
              message:
                "Import another concern through its index.ts (or, from client-safe code, its client.ts; a model's metadata without tfjs, model/metadata.ts).",
            },
            { regex: `^${up}db/client\\.ts$`, message: "Import the database client from db/index.ts." },
          ],
        },
      ],
    },
  })),
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { understudy: { rules: { "client-imports-no-server-door": clientImportsNoServerDoor } } },
    rules: { "understudy/client-imports-no-server-door": "error" },
  },
  {
    // Not React: test fixtures named use*() (useAppDatabase) are not hooks.
    files: ["lib/**/*.ts", "scripts/**", "tools/**", "bench/**", "test/**", "e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off", "react-hooks/immutability": "off" },
  },
  {
    // Server components render once per request, on the server: the request's time is an input there, not an impurity React could replay.
    files: ["app/**/page.tsx", "app/**/layout.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
  prettier,
];

export default eslintConfig;
