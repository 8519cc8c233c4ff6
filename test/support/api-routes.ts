import fs from "node:fs";
import path from "node:path";
import type { inProcessFetch } from "./in-process-fetch.ts";

type Routes = Parameters<typeof inProcessFetch>[0];

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Every API route module of the app, keyed like its folder under app/
 * ("/api/stations/[station]/queue"), for inProcessFetch. Import after
 * DATABASE_URL is set: handlers reach the database through db().
 */
export async function allApiRoutes(): Promise<Routes> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") files.push(full);
    }
  };
  walk(path.join(root, "app/api"));
  const routes: Routes = {};
  for (const file of files) {
    const pattern = `/${path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/")}`;
    if (pattern.includes("[...")) continue; // better-auth's catch-all, reached through lib/auth
    routes[pattern] = (await import(file)) as Routes[string];
  }
  return routes;
}
