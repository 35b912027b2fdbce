/**
 * Webhooks must not become a way into Evident's own network (SSRF): a URL whose host is, or
 * resolves to, a loopback, private, link-local, shared or reserved address is refused when it is
 * saved, and again at every connection — the check runs inside the socket's own DNS lookup, so a
 * name that resolves differently at delivery time (DNS rebinding) is caught too. An operator whose
 * receivers live on a private network allows them with WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(network, prefix, "ipv4");
// IPv6 is allowed, not blocked: only global unicast (2000::/3) is reachable, less the parts of it
// that tunnel to IPv4 by rule (Teredo, 6to4) or are set aside (benchmarking, documentation, ORCHID).
const globalUnicast = new BlockList();
globalUnicast.addSubnet("2000::", 3, "ipv6");
for (const [network, prefix] of [
  ["2001::", 32], ["2001:2::", 48], ["2001:10::", 28], ["2001:20::", 28], ["2001:db8::", 32], ["2002::", 16], ["3fff::", 20],
] as const) blocked.addSubnet(network, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, if it is one. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Whether Evident refuses to connect to this IP address. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    return inner ? blocked.check(inner, "ipv4") : !globalUnicast.check(bare, "ipv6") || blocked.check(bare, "ipv6");
  }
  return true;
}

export function privateAddressesAllowed(): boolean {
  return ["true", "1", "yes"].includes(process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES ?? "");
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    // The address itself is left out: the message is shown to team admins, and must not map the server's own network.
    super(`${host} resolves to a private, loopback or link-local address; Evident does not send webhooks there.`);
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/**
 * The reason a URL cannot receive webhooks, or null when it can. Resolves its host now; the
 * delivery's own lookup checks again.
 */
export async function webhookUrlProblem(value: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address, starting with https://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Webhook addresses start with https:// (or http://).";
  if (url.username || url.password) return "Leave the user name and password out of the address; verify deliveries by their signature instead.";
  if (privateAddressesAllowed()) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return isBlockedAddress(host) ? `${host} is a private, loopback or link-local address; Evident does not send webhooks there.` : null;
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return `${host} does not resolve to any address. Check the spelling.`;
  }
  const bad = addresses.find((entry) => isBlockedAddress(entry.address));
  return bad ? new BlockedAddressError(host, bad.address).message : null;
}

/** A DNS lookup for http.request that refuses blocked addresses (unless allowed). */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as LookupAddress[];
    const bad = privateAddressesAllowed() ? undefined : list.find((entry) => isBlockedAddress(entry.address));
    if (bad) return callback(new BlockedAddressError(hostname, bad.address), "", 4);
    if (list.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: "ENOTFOUND" }), "", 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

/** Refuses a literal blocked IP host before connecting (a literal IP skips the DNS lookup). */
export function assertDeliverableHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !privateAddressesAllowed() && isBlockedAddress(host)) throw new BlockedAddressError(host, host);
}
