// `npm run lint` (the first step of `npm test`): Next's own rules (React,
// hooks, Next, typescript-eslint), with Prettier owning the format
// (`prettier --check`; eslint-config-prettier turns ESLint's format rules off).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

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
    // own), or from client-safe code its client.ts; test fixtures are testing/. One block per folder depth, so
    // that "up" is exactly the climb out of the importing file's own concern.
    files: [files],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^${up}(?!generated/)[^./][^/]*/(?!index\\.ts$|client\\.ts$|testing/|training/index\\.ts$).+`,
              message: "Import another concern through its index.ts (or, from client-safe code, its client.ts).",
            },
            { regex: `^${up}db/client\\.ts$`, message: "Import the database client from db/index.ts." },
          ],
        },
      ],
    },
  })),
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
