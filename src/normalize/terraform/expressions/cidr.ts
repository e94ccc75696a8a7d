/** Terraform's `cidrsubnet` and `cidrhost` for IPv4 prefixes (IPv6 is left unknown by the caller). */

function parseIpv4Cidr(cidr: string): { address: bigint; length: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const length = Number(match[5]);
  if (octets.some((o) => o > 255) || length > 32) return undefined;
  const address = octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
  return { address, length };
}

function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join('.');
}

/** The network address of `cidr`, extended by `newbits` bits numbered `netnum`. */
export function cidrSubnet(cidr: string, newbits: number, netnum: number): string | undefined {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed || !Number.isInteger(newbits) || !Number.isInteger(netnum) || newbits < 0 || netnum < 0) return undefined;
  const length = parsed.length + newbits;
  if (length > 32 || netnum >= 2 ** newbits) return undefined;
  const mask = length === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - parsed.length)) - 1n);
  const network = parsed.address & mask;
  return `${formatIpv4(network | (BigInt(netnum) << BigInt(32 - length)))}/${length}`;
}

/** The address of host number `hostnum` in `cidr` (negative numbers count from the end). */
export function cidrHost(cidr: string, hostnum: number): string | undefined {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed || !Number.isInteger(hostnum)) return undefined;
  const size = 1n << BigInt(32 - parsed.length);
  const host = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (host < 0n || host >= size) return undefined;
  const network = parsed.address & ~(size - 1n) & ((1n << 32n) - 1n);
  return formatIpv4(network + host);
}
