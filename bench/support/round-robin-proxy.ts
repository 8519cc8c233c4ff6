import http from "node:http";

// A small load balancer for `npm run bench:scale-out`: each request goes to
// the next instance in turn. A request an instance refused at connect (it is
// down) is sent to the next one, since it never reached the app; an instance
// that refused is skipped for a few seconds. A request whose instance died
// while answering gets 502: whether the app stored it is unknown, so the
// client retries it with the same idempotency key, as the browser's outbox does.

export interface ProxyCounts {
  forwarded: number;
  /** Requests sent on to another instance because the first refused the connection. */
  rerouted: number;
  /** 502 answers: the instance failed mid-request, or every instance refused. */
  badGateway: number;
}

export interface RoundRobinProxy {
  readonly port: number;
  readonly counts: ProxyCounts;
  close(): Promise<void>;
}

const DOWN_FOR_MS = 3_000;

export async function startRoundRobinProxy(port: number, upstreamPorts: readonly number[]): Promise<RoundRobinProxy> {
  const counts: ProxyCounts = { forwarded: 0, rerouted: 0, badGateway: 0 };
  const downUntil = new Map<number, number>();
  let next = 0;

  const forward = (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, tried: number): void => {
    const now = Date.now();
    let upstream: number | undefined;
    for (let i = 0; i < upstreamPorts.length && upstream === undefined; i++) {
      const candidate = upstreamPorts[next++ % upstreamPorts.length] as number;
      if ((downUntil.get(candidate) ?? 0) <= now) upstream = candidate;
    }
    if (upstream === undefined || tried >= upstreamPorts.length) {
      counts.badGateway++;
      response.writeHead(502).end();
      return;
    }
    const target = upstream;
    const outgoing = http.request(
      { host: "127.0.0.1", port: target, method: request.method, path: request.url, headers: { ...request.headers, host: `127.0.0.1:${port}` } },
      (answer) => {
        counts.forwarded++;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on("error", () => response.destroy());
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") {
        downUntil.set(target, Date.now() + DOWN_FOR_MS);
        counts.rerouted++;
        forward(request, body, response, tried + 1);
        return;
      }
      counts.badGateway++;
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    outgoing.end(body);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => forward(request, Buffer.concat(chunks), response, 0));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
