import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { SOURCE_SCHEMES } from '@dvt/contracts';

const privateV4 = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) privateV4.addSubnet(prefix, bits, 'ipv4');
const privateV6 = new net.BlockList();
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) privateV6.addSubnet(prefix, bits, 'ipv6');

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d)
 * or NAT64 (64:ff9b::a.b.c.d) IPv6 address, in dotted or hex form (URL parsing turns
 * [::ffff:169.254.169.254] into ::ffff:a9fe:a9fe).
 */
function embeddedIPv4(ip: string): string | null {
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex?.[1] || !hex[2]) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Pure: loopback, private, link-local, CGNAT, multicast or unspecified (IPv4-mapped IPv6 included). */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const embedded = embeddedIPv4(bare);
  if (embedded) return privateV4.check(embedded, 'ipv4');
  if (net.isIPv4(bare)) return privateV4.check(bare, 'ipv4');
  if (net.isIPv6(bare)) return privateV6.check(bare, 'ipv6');
  return false;
}

/** Pure: the scheme check with a message naming `source`; null when fine. */
export function checkSourceScheme(source: string): string | null {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return 'source must be an absolute URL';
  }
  if (!(SOURCE_SCHEMES as readonly string[]).includes(url.protocol)) return `source must be an http, https or ftp URL (got ${url.protocol})`;
  if (!url.hostname) return 'source must name a host';
  return null;
}

export type Resolve = (hostname: string) => Promise<string[]>;
const resolveAll: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface SourcePolicy {
  allowPrivate: boolean;
  /** Origins of our own storage and edges (`http://host:port`), allowed even when private. */
  ownOrigins: readonly string[];
  resolve?: Resolve;
}

/** The whole source check: scheme, then (unless allowed) no private or loopback host. Null when fine. */
export async function checkSource(source: string, policy: SourcePolicy): Promise<string | null> {
  const schemeError = checkSourceScheme(source);
  if (schemeError) return schemeError;
  if (policy.allowPrivate) return null;
  const url = new URL(source);
  if (policy.ownOrigins.includes(url.origin)) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await (policy.resolve ?? resolveAll)(host);
  } catch {
    return `source host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `source host ${host} does not resolve`;
  const bad = addresses.find(isPrivateAddress);
  return bad ? `source host ${host} is a private or loopback address (${bad}); such sources are refused here` : null;
}
