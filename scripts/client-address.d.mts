// Types for scripts/client-address.mjs (plain JavaScript, run by node alone).
export function trustedProxiesOf(value: string | undefined): number;
export function clientAddressOf(header: string | string[] | undefined, socketAddress: string | undefined, trustedProxies: number): string;
export function believeForwarding(headers: import("node:http").IncomingHttpHeaders, socketAddress: string | undefined, trustedProxies: number): void;
