/**
 * What AWS builds for a Service of type LoadBalancer and for an Ingress of the AWS Load Balancer
 * Controller, read from their annotations: which Service ports get TLS, and which listeners an
 * ALB Ingress gets. The annotations' semantics are the in-tree AWS cloud provider's and the AWS
 * Load Balancer Controller's (docs/canonical-model.md, `k8s.service` and `k8s.ingress`).
 */
import type { Range } from '../model/range.js';
import { isUnknown, unknown, type Unknown } from '../model/resource.js';
import type { Locations } from './plain.js';

const SSL_CERT = 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert';
const SSL_PORTS = 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports';
const BACKEND_PROTOCOL = 'service.beta.kubernetes.io/aws-load-balancer-backend-protocol';
const LISTEN_PORTS = 'alb.ingress.kubernetes.io/listen-ports';
const CERTIFICATE_ARN = 'alb.ingress.kubernetes.io/certificate-arn';
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** At most this many listeners, and characters, are read from one `listen-ports` annotation; more is unknown. */
const MAX_LISTENERS = 64;
const MAX_LISTEN_PORTS_LENGTH = 4096;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) ? (value as Record<string, unknown>) : undefined;
}

/** A written, non-empty annotation: true; absent or empty: false; an expression: unknown. */
function isSet(value: unknown): boolean | Unknown {
  if (isUnknown(value)) return value;
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** One port as an AWS load balancer listens on it. */
interface LoadBalancerPort {
  port: unknown;
  name: unknown;
  protocol: unknown;
  appProtocol: unknown;
  /** `aws-load-balancer-backend-protocol`, lower-cased (`http` makes the in-tree provider's listeners HTTP); `null` when absent. */
  backendProtocol: unknown;
  tls: boolean | Unknown;
}

/**
 * The Service's ports, each with whether the AWS load balancer terminates TLS on it: only with a
 * certificate (`aws-load-balancer-ssl-cert`), on the ports `aws-load-balancer-ssl-ports` lists by
 * number or name — every port when it is absent or `*`, as both the in-tree provider and the AWS
 * Load Balancer Controller read it. Each item is located at its port.
 */
export function loadBalancerPorts(annotations: unknown, ports: unknown, locations: Locations, portsAt: string, at: string): unknown {
  if (!Array.isArray(ports)) return isUnknown(ports) ? ports : [];
  const notes = record(annotations);
  const certificate = isUnknown(annotations) ? annotations : isSet(notes?.[SSL_CERT]);
  const listed = notes?.[SSL_PORTS];
  const backend = notes?.[BACKEND_PROTOCOL];
  const backendProtocol = typeof backend === 'string' ? backend.trim().toLowerCase() : (backend ?? null);
  return ports.map((item: unknown, i): LoadBalancerPort | Unknown => {
    const port = record(item);
    const from = `${portsAt}/${i}`;
    for (const [p, range] of Object.entries(locations)) if (p === from || p.startsWith(`${from}/`)) locations[`${at}/${i}${p.slice(from.length)}`] = range;
    if (!port) return isUnknown(item) ? item : unknown('not a port');
    return {
      port: port.port ?? unknown('port is not set'),
      name: port.name ?? null,
      protocol: port.protocol ?? 'TCP',
      appProtocol: port.appProtocol ?? null,
      backendProtocol,
      tls: certificate === true ? coveredBy(listed, port) : certificate,
    };
  });
}

/** Whether `aws-load-balancer-ssl-ports` (absent: every port) lists the port by number or name. */
function coveredBy(listed: unknown, port: Record<string, unknown>): boolean | Unknown {
  if (listed === undefined || listed === null) return true;
  if (typeof listed !== 'string') return isUnknown(listed) ? listed : unknown('ssl-ports is not a string');
  const names = listed.split(',').map((s) => s.trim());
  if (names.includes('*')) return true;
  const keys = [port.port, port.name].filter((k) => typeof k === 'string' || typeof k === 'number').map(String);
  if (keys.some((k) => names.includes(k))) return true;
  return isUnknown(port.port) || isUnknown(port.name) ? unknown('the port is not known') : false;
}

/** One listener of the ALB the AWS Load Balancer Controller builds for an Ingress. */
interface AlbListener {
  protocol: string;
  port: number;
}

/**
 * The Ingress's ALB listeners: `alb.ingress.kubernetes.io/listen-ports` (a JSON list of
 * `{"HTTP": 80}` objects), else the controller's default — HTTPS 443 when
 * `alb.ingress.kubernetes.io/certificate-arn` is set, HTTP 80 otherwise. `spec.tls` does not add
 * an HTTPS listener: the controller reads it only to find certificates for one.
 */
export function albListeners(annotations: unknown): AlbListener[] | Unknown {
  if (isUnknown(annotations)) return annotations;
  const notes = record(annotations);
  const written = notes?.[LISTEN_PORTS];
  if (written === undefined || written === null) {
    const certificate = isSet(notes?.[CERTIFICATE_ARN]);
    if (isUnknown(certificate)) return certificate;
    return [certificate ? { protocol: 'HTTPS', port: 443 } : { protocol: 'HTTP', port: 80 }];
  }
  if (typeof written !== 'string') return isUnknown(written) ? written : unknown('listen-ports is not a string');
  return parseListenPorts(written);
}

function parseListenPorts(text: string): AlbListener[] | Unknown {
  if (text.length > MAX_LISTEN_PORTS_LENGTH) return unknown('listen-ports is too long to read');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unknown('listen-ports is not valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_LISTENERS) return unknown('listen-ports is not a list of listeners');
  const listeners: AlbListener[] = [];
  for (const entry of parsed) {
    const pairs = Object.entries(record(entry) ?? {});
    if (pairs.length !== 1) return unknown('listen-ports has an entry that is not one protocol and port');
    const [[protocol, port]] = pairs as [[string, unknown]];
    const number = typeof port === 'number' ? port : typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined;
    if (number === undefined) return unknown('listen-ports has a port that is not a number');
    listeners.push({ protocol: protocol.toUpperCase(), port: number });
  }
  return listeners;
}

/** Where a finding about the ALB's listeners goes: the `listen-ports` or `certificate-arn` annotation, else the annotations. */
export function albListenersAt(locations: Locations, annotationsAt: string): Range | undefined {
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  return locations[`${annotationsAt}/${escape(LISTEN_PORTS)}`] ?? locations[`${annotationsAt}/${escape(CERTIFICATE_ARN)}`] ?? locations[annotationsAt];
}
