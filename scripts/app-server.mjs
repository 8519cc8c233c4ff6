// The production app server that `npm start` and `npm run serve` run in place
// of `next start`: Next's own request handler behind a plain HTTP server that
// first sets X-Forwarded-For to the one address it trusts (the socket's peer,
// or what the TRUSTED_PROXIES nearest proxies say: scripts/client-address.mjs),
// and with no trusted proxy drops the X-Forwarded-Host and -Proto a client sent.
// `next start` keeps whatever X-Forwarded-For a client sends, and the sign-in
// limits are kept per address: a client that chose a new address for every
// try would never be held back. Plain JavaScript, run by node alone.
import http from "node:http";
import next from "next";
import { believeForwarding, trustedProxiesOf } from "./client-address.mjs";

const port = Number(process.env.PORT ?? "3000");
const trustedProxies = trustedProxiesOf(process.env.TRUSTED_PROXIES);
const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port });
const handle = app.getRequestHandler();
const ready = app.prepare();

// Listening at once, as `next start` does: requests wait for the app to be ready.
const server = http.createServer(async (request, response) => {
  believeForwarding(request.headers, request.socket.remoteAddress, trustedProxies);
  try {
    await ready;
    await handle(request, response);
  } catch (error) {
    console.error(`Failed to handle ${request.method} ${request.url}:`, error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  }
});
server.on("error", (error) => {
  console.error("The app server could not listen:", error);
  process.exit(1);
});
server.listen(port);
ready.catch((error) => {
  console.error("The app failed to start:", error);
  process.exit(1);
});

// SIGTERM / SIGINT: stop taking connections, let the requests in flight finish
// (10 s at most), then exit as a process killed by that signal would.
let stopping = false;
for (const [signal, code] of /** @type {const} */ ([
  ["SIGTERM", 143],
  ["SIGINT", 130],
])) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 10_000).unref();
    server.close(() => process.exit(code));
    server.closeIdleConnections();
  });
}
