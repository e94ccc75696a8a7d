/**
 * The `node.kubelet` vocabulary: each canonical field with the KubeletConfiguration field
 * (kubelet.config.k8s.io/v1beta1), the kubelet command-line flag and the Bottlerocket
 * `settings.kubernetes` key that set it (docs/canonical-model.md).
 */

export type KubeletValueType = 'boolean' | 'string' | 'number' | 'duration';

export interface KubeletField {
  /** The canonical prop: `anonymousAuth` → `/anonymousAuth`. */
  prop: string;
  type: KubeletValueType;
  /** Path of the field in a KubeletConfiguration, when it has one. */
  config?: readonly string[];
  /** The kubelet flag, without its dashes. */
  flag: string;
  /** The key under Bottlerocket's `settings.kubernetes`, when Bottlerocket exposes it. */
  bottlerocket?: string;
}

export const KUBELET_FIELDS: readonly KubeletField[] = [
  { prop: 'anonymousAuth', type: 'boolean', config: ['authentication', 'anonymous', 'enabled'], flag: 'anonymous-auth' },
  { prop: 'authorizationMode', type: 'string', config: ['authorization', 'mode'], flag: 'authorization-mode' },
  { prop: 'clientCAFile', type: 'string', config: ['authentication', 'x509', 'clientCAFile'], flag: 'client-ca-file' },
  { prop: 'readOnlyPort', type: 'number', config: ['readOnlyPort'], flag: 'read-only-port' },
  { prop: 'streamingConnectionIdleTimeout', type: 'duration', config: ['streamingConnectionIdleTimeout'], flag: 'streaming-connection-idle-timeout' },
  { prop: 'protectKernelDefaults', type: 'boolean', config: ['protectKernelDefaults'], flag: 'protect-kernel-defaults' },
  { prop: 'makeIPTablesUtilChains', type: 'boolean', config: ['makeIPTablesUtilChains'], flag: 'make-iptables-util-chains' },
  // KubeletConfiguration v1beta1 has no hostname field: only the flag (and Bottlerocket's setting) set it.
  { prop: 'hostnameOverride', type: 'string', flag: 'hostname-override', bottlerocket: 'hostname-override' },
  { prop: 'eventRecordQPS', type: 'number', config: ['eventRecordQPS'], flag: 'event-qps', bottlerocket: 'event-qps' },
  { prop: 'rotateCertificates', type: 'boolean', config: ['rotateCertificates'], flag: 'rotate-certificates' },
  { prop: 'serverTLSBootstrap', type: 'boolean', config: ['serverTLSBootstrap'], flag: 'rotate-server-certificates', bottlerocket: 'server-tls-bootstrap' },
];

/** `featureGates` is a map of gate name → boolean, in the config and in `--feature-gates=A=true,B=false`. */
export const FEATURE_GATES = { prop: 'featureGates', config: ['featureGates'], flag: 'feature-gates' } as const;

const BY_FLAG = new Map(KUBELET_FIELDS.map((f) => [f.flag, f]));

export function fieldOfFlag(flag: string): KubeletField | undefined {
  return BY_FLAG.get(flag);
}

export function kubeletField(prop: string): KubeletField {
  const field = KUBELET_FIELDS.find((f) => f.prop === prop);
  if (!field) throw new Error(`no kubelet field ${prop}`);
  return field;
}

/**
 * What the kubelet's own flags default to when it runs without a configuration file (`--config`):
 * anonymous requests served, every request authorized, no client CA, the unauthenticated read-only
 * port open, kernel settings not protected (kubelet reference: `--anonymous-auth` "default true",
 * `--authorization-mode` "default AlwaysAllow", `--read-only-port` "default 10255",
 * `--protect-kernel-defaults` "default false"). A configuration file's defaults
 * (kubelet.config.k8s.io/v1beta1) are safe for the first four, and the EKS AMIs always use one.
 * The other flags' defaults (4h idle timeout, iptables chains made, certificate rotation gate on)
 * pass their CIS items and are left out.
 */
export const FLAG_DEFAULTS: readonly [prop: string, value: unknown][] = [
  ['anonymousAuth', true],
  ['authorizationMode', 'AlwaysAllow'],
  ['clientCAFile', ''],
  ['readOnlyPort', 10255],
  ['protectKernelDefaults', false],
];

/** What names the source of a `node.kubelet` resource (`/source`). */
export type KubeletSource = 'KubeletConfiguration' | 'NodeConfig' | 'bootstrap.sh' | 'bottlerocket' | 'eksctl' | 'container';
