/**
 * Preload (`node --import`) for the "inert" tests: every way Node offers to open a socket, resolve a
 * name or start a process throws, and each attempt is also appended to $EKS_LINT_FORBIDDEN_LOG, so
 * that an attempt that something catches and hides is still seen.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const log = process.env.EKS_LINT_FORBIDDEN_LOG;

function forbid(target, names, label) {
  for (const name of names) {
    if (typeof target?.[name] !== 'function') continue;
    target[name] = function forbidden() {
      if (log) appendFileSync(log, `${label}.${name}\n`);
      throw new Error(`eks-lint must not call ${label}.${name}`);
    };
  }
}

const net = require('node:net');
forbid(net, ['connect', 'createConnection', 'createServer'], 'net');
forbid(net.Socket.prototype, ['connect'], 'net.Socket');
forbid(net.Server.prototype, ['listen'], 'net.Server');
forbid(require('node:tls'), ['connect', 'createServer', 'createSecureContext'], 'tls');
for (const name of ['node:http', 'node:https']) forbid(require(name), ['request', 'get', 'createServer'], name.slice(5));
forbid(require('node:http2'), ['connect', 'createServer', 'createSecureServer'], 'http2');
const dns = require('node:dns');
const lookups = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'];
forbid(dns, lookups, 'dns');
forbid(dns.promises, lookups, 'dns.promises');
forbid(dns.Resolver.prototype, lookups, 'dns.Resolver');
forbid(require('node:dgram'), ['createSocket'], 'dgram');
forbid(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
forbid(globalThis, ['fetch', 'WebSocket', 'EventSource'], 'globalThis');
syncBuiltinESMExports();
