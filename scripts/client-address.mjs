// Which address a request came from, as the app server (scripts/app-server.mjs)
// hands it to the app in X-Forwarded-For. Plain JavaScript: the app server runs
// under node alone, beside Next, without tsx.

/**
 * The number of proxies in front of the app that append the address they saw
 * to X-Forwarded-For (TRUSTED_PROXIES, default 0: clients reach the app
 * directly, and whatever X-Forwarded-For they send is their own say-so).
 *
 * @param {string | undefined} value
 * @returns {number}
 */
export function trustedProxiesOf(value) {
  if (value === undefined || value.trim() === "") return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new RangeError(
      `TRUSTED_PROXIES must be the number of proxies in front of the app that append to X-Forwarded-For (0 to 10), not ${JSON.stringify(value)}.`,
    );
  }
  return hops;
}

/**
 * The client's address: the socket's peer when no proxy is trusted, else the
 * entry the outermost trusted proxy appended (each trusted proxy appends the
 * address it saw, so the last `trustedProxies` entries, counting the socket's,
 * are theirs). Entries further left were written by the client and are never
 * taken; with fewer entries than proxies, the leftmost there is.
 *
 * @param {string | string[] | undefined} header X-Forwarded-For as the request arrived
 * @param {string | undefined} socketAddress the TCP peer's address
 * @param {number} trustedProxies
 * @returns {string}
 */
export function clientAddressOf(header, socketAddress, trustedProxies) {
  const forwarded = trustedProxies === 0 ? [] : (Array.isArray(header) ? header : [header ?? ""]).flatMap((value) => value.split(","));
  const chain = [...forwarded, socketAddress ?? ""].map((entry) => plainAddress(entry.trim())).filter(Boolean);
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? "unknown";
}

/**
 * An IPv4 peer as IPv4 ("::ffff:10.0.0.7" is 10.0.0.7), so one client has one key whichever way the socket reports it.
 *
 * @param {string} address
 * @returns {string}
 */
function plainAddress(address) {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

/** Headers that say where a request was addressed (host, scheme, port): only a proxy in front of the app may say so. */
const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"];

/**
 * Rewrites a request's forwarding headers as the app may believe them:
 * X-Forwarded-For is the client's address (clientAddressOf), X-Real-IP is
 * dropped, and with no trusted proxy so are X-Forwarded-Host, -Proto, -Port
 * and Forwarded, which the client would otherwise choose (the cross-site
 * guard compares Origin with X-Forwarded-Host; Next then fills them from
 * the Host header and the socket).
 *
 * @param {import("node:http").IncomingHttpHeaders} headers changed in place
 * @param {string | undefined} socketAddress the TCP peer's address
 * @param {number} trustedProxies
 */
export function believeForwarding(headers, socketAddress, trustedProxies) {
  headers["x-forwarded-for"] = clientAddressOf(headers["x-forwarded-for"], socketAddress, trustedProxies);
  delete headers["x-real-ip"];
  if (trustedProxies === 0) for (const name of PROXY_ONLY_HEADERS) delete headers[name];
}
