/**
 * How the Terraform kubernetes provider spells Kubernetes fields, as data: its schema is the
 * Kubernetes API in snake_case, with repeated singular blocks where the API has plural lists.
 * `kubernetesKey` turns a provider name into the API's camelCase name; the tables hold the
 * exceptions. Consulted by kubernetes.ts, which walks the blocks.
 */

/**
 * Repeated blocks (the provider's `TypeList` of blocks written one block per item) and the API list
 * they stand for. Every block of the name becomes one item, in source order.
 */
export const LIST_BLOCKS: Readonly<Record<string, string>> = {
  container: 'containers',
  init_container: 'initContainers',
  volume: 'volumes',
  volume_mount: 'volumeMounts',
  volume_device: 'volumeDevices',
  env: 'env',
  env_from: 'envFrom',
  port: 'ports',
  ports: 'ports',
  toleration: 'tolerations',
  image_pull_secrets: 'imagePullSecrets',
  host_aliases: 'hostAliases',
  readiness_gate: 'readinessGates',
  topology_spread_constraint: 'topologySpreadConstraints',
  sysctl: 'sysctls',
  option: 'options',
  items: 'items',
  sources: 'sources',
  http_header: 'httpHeaders',
  match_expressions: 'matchExpressions',
  node_selector_term: 'nodeSelectorTerms',
  preferred_during_scheduling_ignored_during_execution: 'preferredDuringSchedulingIgnoredDuringExecution',
  ingress: 'ingress',
  egress: 'egress',
  from: 'from',
  to: 'to',
  rule: 'rules',
  subject: 'subjects',
  cluster_role_selectors: 'clusterRoleSelectors',
};

/** Names that the generic snake→camel rule gets wrong: initialisms the API writes in capitals. */
export const RENAMED: Readonly<Record<string, string>> = {
  host_pid: 'hostPID',
  host_ipc: 'hostIPC',
  host_ip: 'hostIP',
  pod_ip: 'podIP',
  volume_id: 'volumeID',
  dataset_uuid: 'datasetUUID',
  target_wwns: 'targetWWNs',
  wwids: 'wwids',
  disk_uri: 'diskURI',
  chap_auth_discovery: 'chapAuthDiscovery',
  iscsi_interface: 'iscsiInterface',
  ip_block: 'ipBlock',
  cidr: 'cidr',
  non_resource_urls: 'nonResourceURLs',
};

/**
 * Arguments whose value is a free-form map (labels, resource quantities, selectors): their keys
 * are data, kept exactly as written.
 */
export const FREE_FORM_MAPS: ReadonlySet<string> = new Set([
  'labels',
  'annotations',
  'node_selector',
  'match_labels',
  'limits',
  'requests',
  'overhead',
  'volume_attributes',
  'options',
  'data',
  'binary_data',
  'parameters',
]);

/** Booleans: Terraform converts the strings "true" and "false" where its schema expects one. */
export const BOOLEANS: ReadonlySet<string> = new Set([
  'privileged',
  'allow_privilege_escalation',
  'read_only_root_filesystem',
  'run_as_non_root',
  'host_network',
  'host_pid',
  'host_ipc',
  'host_users',
  'automount_service_account_token',
  'share_process_namespace',
  'enable_service_links',
  'read_only',
  'optional',
  'stdin',
  'stdin_once',
  'tty',
]);

/** Integers the provider takes as strings (to allow "unset"); the API has numbers. */
export const INTEGER_STRINGS: ReadonlySet<string> = new Set(['run_as_user', 'run_as_group', 'fs_group', 'toleration_seconds']);

/** `run_as_non_root` → `runAsNonRoot`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The Kubernetes API name of a provider argument or block that is not a list block. */
export function kubernetesKey(name: string): string {
  return Object.hasOwn(RENAMED, name) ? (RENAMED[name] as string) : camelCase(name);
}

/** The API list a repeated block fills, or undefined when the block is not a list block. */
export function listOf(name: string): string | undefined {
  return Object.hasOwn(LIST_BLOCKS, name) ? LIST_BLOCKS[name] : undefined;
}
