// Lets the project's TypeScript scripts, run by node through tsx, import the
// server barrels: each imports "server-only", which Next resolves to an empty
// module for server code and refuses in client bundles, and which node
// otherwise resolves to a module that throws. Only that one specifier is
// resolved as React's server code; everything else resolves as before.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}`),
);
