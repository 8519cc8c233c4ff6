import type { Fetch } from "../../tools/simulate/simulate.ts";

// Each route types its own params; the dispatcher builds them from the path, so it calls through `never`.
type Handler = (request: Request, context: never) => Promise<Response>;

/**
 * A fetch that dispatches to the app's route handlers in this process, the
 * way Next.js would route them: tests drive the real handlers (auth,
 * validation, database) without a server. Routes are written like the
 * app/api folders, e.g. "/api/stations/[station]/queue".
 */
export function inProcessFetch(routes: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>>): Fetch {
  const table = Object.entries(routes).map(([pattern, methods]) => {
    const names: string[] = [];
    const source = pattern
      .split(/(\[[^\]]+\])/)
      .map((part) => {
        const param = /^\[([^\]]+)\]$/.exec(part);
        if (!param) return part.replace(/[.*+?^${}()|\\]/g, "\\$&");
        names.push(param[1] as string);
        return "([^/]+)";
      })
      .join("");
    return { regex: new RegExp(`^${source}$`), names, methods };
  });
  return async (url, init = {}) => {
    const request = new Request(url, init);
    const path = new URL(request.url).pathname;
    for (const { regex, names, methods } of table) {
      const match = regex.exec(path);
      if (!match) continue;
      const handler = methods[request.method as "GET"];
      if (!handler) return new Response(null, { status: 405 });
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)]));
      return handler(request, { params: Promise.resolve(params) } as never);
    }
    return new Response(null, { status: 404 });
  };
}
