import { describe, expect, it } from 'vitest';
import { type Resource, unknown } from '../src/model/resource.js';
import { camelCase, kubernetesKey, listOf } from '../src/normalize/terraform/kubernetes-names.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { parseHcl } from '../src/parse/hcl.js';
import { rangeOf, spanOf } from './helpers/source-range.js';

async function normalize(files: Record<string, string>): Promise<Resource[]> {
  const facts = await Promise.all(
    Object.entries(files).map(async ([name, src]) => {
      const { body, problems } = await parseHcl(src);
      expect(problems).toEqual([]);
      return extractTerraform(`/m/${name}`, body, 'tf');
    }),
  );
  return normalizeTerraformModule(facts);
}

const DEPLOYMENT = [
  'variable "escalate" {',
  '  default = false',
  '}',
  'resource "kubernetes_deployment_v1" "web" {',
  '  metadata {',
  '    name      = "web"',
  '    namespace = "shop"',
  '  }',
  '  spec {',
  '    template {',
  '      metadata {',
  '        labels = { "app.kubernetes.io/name" = "web" }',
  '      }',
  '      spec {',
  '        host_pid                        = true',
  '        automount_service_account_token = false',
  '        service_account_name            = "web"',
  '        node_selector                   = { "kubernetes.io/os" = "linux" }',
  '        init_container {',
  '          name  = "setup"',
  '          image = "busybox:1.36"',
  '        }',
  '        container {',
  '          name  = "web"',
  '          image = "web:1"',
  '          env {',
  '            name  = "A"',
  '            value = "1"',
  '          }',
  '          env {',
  '            name = "B"',
  '          }',
  '          volume_mount {',
  '            name       = "data"',
  '            mount_path = "/data"',
  '          }',
  '          security_context {',
  '            privileged                 = true',
  '            allow_privilege_escalation = var.escalate',
  '            run_as_user                = "1000"',
  '            capabilities {',
  '              add  = ["NET_ADMIN"]',
  '              drop = ["ALL"]',
  '            }',
  '          }',
  '          resources {',
  '            limits = { cpu = "1", memory = "1Gi" }',
  '          }',
  '        }',
  '        volume {',
  '          name = "data"',
  '          empty_dir {}',
  '        }',
  '      }',
  '    }',
  '  }',
  '}',
].join('\n');

describe('the provider → API name mapping', () => {
  it('camel-cases, with initialisms and plural lists from its tables', () => {
    expect(camelCase('read_only_root_filesystem')).toBe('readOnlyRootFilesystem');
    expect(kubernetesKey('run_as_non_root')).toBe('runAsNonRoot');
    expect(kubernetesKey('host_pid')).toBe('hostPID');
    expect(kubernetesKey('host_ipc')).toBe('hostIPC');
    expect(listOf('init_container')).toBe('initContainers');
    expect(listOf('env')).toBe('env');
    expect(listOf('security_context')).toBeUndefined();
  });
});

describe('kubernetes_deployment_v1 → k8s.workload', async () => {
  const resources = await normalize({ 'main.tf': DEPLOYMENT });
  const workload = resources.find((r) => r.kind === 'k8s.workload');

  it('gives a k8s.object and a k8s.workload named by the Terraform address', () => {
    expect(resources.map((r) => [r.kind, r.name, r.format])).toEqual([
      ['k8s.object', 'kubernetes_deployment_v1.web', 'terraform'],
      ['k8s.workload', 'kubernetes_deployment_v1.web', 'terraform'],
    ]);
    expect(resources[0]?.props).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop', namespaced: true });
    expect(workload?.range).toEqual(rangeOf(DEPLOYMENT, 'resource "kubernetes_deployment_v1" "web" {'));
  });

  it('maps the pod spec to the API names', () => {
    expect(workload?.props).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(workload?.props.pod).toEqual({
      hostPID: true,
      automountServiceAccountToken: false,
      serviceAccountName: 'web',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
      containers: [
        {
          name: 'web',
          image: 'web:1',
          env: [{ name: 'A', value: '1' }, { name: 'B' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          securityContext: { privileged: true, allowPrivilegeEscalation: false, runAsUser: 1000, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
          resources: { limits: { cpu: '1', memory: '1Gi' } },
        },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    });
  });

  it('lists containers then init containers, each with its containerType', () => {
    const containers = workload?.props.containers as Record<string, unknown>[];
    expect(containers.map((c) => [c.name, c.containerType])).toEqual([
      ['web', 'container'],
      ['setup', 'initContainer'],
    ]);
  });

  it('locates every field at its attribute or block', () => {
    const at = workload?.locations ?? {};
    expect(at['/containers/0/securityContext/privileged']).toEqual(rangeOf(DEPLOYMENT, 'privileged                 = true'));
    expect(at['/pod/containers/0/securityContext/privileged']).toEqual(rangeOf(DEPLOYMENT, 'privileged                 = true'));
    // A variable's value is located where the variable is used.
    expect(at['/containers/0/securityContext/allowPrivilegeEscalation']).toEqual(rangeOf(DEPLOYMENT, 'allow_privilege_escalation = var.escalate'));
    expect(at['/containers/1']).toEqual(spanOf(DEPLOYMENT, 'init_container {', '}'));
    expect(at['/containers/1/image']).toEqual(rangeOf(DEPLOYMENT, 'image = "busybox:1.36"'));
    expect(at['/containers/0/env/1']).toEqual(spanOf(DEPLOYMENT, 'env {\n            name = "B"', '}'));
    expect(at['/pod/hostPID']).toEqual(rangeOf(DEPLOYMENT, 'host_pid                        = true'));
    expect(at['/pod/nodeSelector/kubernetes.io~1os']).toEqual(rangeOf(DEPLOYMENT, '"kubernetes.io/os" = "linux"'));
    expect(at['/namespace']).toEqual(rangeOf(DEPLOYMENT, 'namespace = "shop"'));
    expect(at['/name']).toEqual(rangeOf(DEPLOYMENT, 'name      = "web"'));
  });
});

describe('pod spec paths and unknowns', () => {
  it('reads a Pod from spec and a CronJob from spec.job_template.spec.template.spec', async () => {
    const src = [
      'resource "kubernetes_pod" "p" {',
      '  metadata { name = "p" }',
      '  spec {',
      '    container { name = "a" }',
      '  }',
      '}',
      'resource "kubernetes_cron_job_v1" "c" {',
      '  metadata { name = "c" }',
      '  spec {',
      '    schedule = "@daily"',
      '    job_template {',
      '      metadata {}',
      '      spec {',
      '        template {',
      '          metadata {}',
      '          spec {',
      '            container { name = "b" }',
      '          }',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const workloads = (await normalize({ 'main.tf': src })).filter((r) => r.kind === 'k8s.workload');
    expect(workloads.map((w) => [w.name, w.props.kind, w.props.namespace, w.props.pod])).toEqual([
      ['kubernetes_pod.p', 'Pod', null, { containers: [{ name: 'a' }] }],
      ['kubernetes_cron_job_v1.c', 'CronJob', null, { containers: [{ name: 'b' }] }],
    ]);
    expect(workloads[1]?.locations['/containers/0/name']).toEqual(rangeOf(src, 'name = "b"'));
  });

  it('keeps unresolved variables, expressions and dynamic blocks unknown', async () => {
    const src = [
      'variable "privileged" {}',
      'resource "kubernetes_pod_v1" "p" {',
      '  metadata { name = "p" }',
      '  spec {',
      '    host_network = local.host',
      '    container {',
      '      name = "a"',
      '      security_context { privileged = var.privileged }',
      '    }',
      '    dynamic "container" {',
      '      for_each = var.extra',
      '      content { name = container.value }',
      '    }',
      '    dynamic "security_context" {',
      '      for_each = var.contexts',
      '      content {}',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const workload = (await normalize({ 'main.tf': src })).find((r) => r.kind === 'k8s.workload');
    expect(workload?.props.pod).toEqual({
      hostNetwork: unknown('local.host'),
      containers: [{ name: 'a', securityContext: { privileged: unknown('var.privileged') } }, unknown('container is generated by a dynamic block')],
      securityContext: unknown('security_context is generated by a dynamic block'),
    });
    expect(workload?.locations['/pod/containers/1']).toEqual(rangeOf(src, 'dynamic "container" {'));
  });

  it('does not judge a workload without a literal pod spec', async () => {
    const src = 'resource "kubernetes_deployment_v1" "d" {\n  metadata { name = "d" }\n}\n';
    const resources = await normalize({ 'main.tf': src });
    expect(resources.map((r) => r.kind)).toEqual(['k8s.object']);
  });
});

describe('namespaces, NetworkPolicies and other objects', () => {
  const NAMESPACE = ['resource "kubernetes_namespace_v1" "shop" {', '  metadata {', '    name = "shop"', '  }', '}'].join('\n');
  const POLICY = [
    'resource "kubernetes_network_policy_v1" "deny" {',
    '  metadata {',
    '    name      = "deny"',
    '    namespace = kubernetes_namespace_v1.shop.metadata[0].name',
    '  }',
    '  spec {',
    '    pod_selector {}',
    '    policy_types = ["Ingress"]',
    '    ingress {',
    '      from {',
    '        namespace_selector {',
    '          match_labels = { role = "ui" }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('declares a namespace located at its metadata name', async () => {
    const ns = (await normalize({ 'ns.tf': NAMESPACE })).find((r) => r.kind === 'k8s.namespace');
    expect(ns).toMatchObject({ name: 'kubernetes_namespace_v1.shop', format: 'terraform', props: { name: 'shop', declared: true } });
    expect(ns?.range).toEqual(rangeOf(NAMESPACE, 'name = "shop"'));
    expect(ns?.locations['/hasNetworkPolicy']).toEqual(rangeOf(NAMESPACE, 'name = "shop"'));
  });

  it("resolves a reference to a module namespace's name and maps the policy spec", async () => {
    const resources = await normalize({ 'ns.tf': NAMESPACE, 'policy.tf': POLICY });
    const policy = resources.find((r) => r.kind === 'k8s.networkpolicy');
    expect(policy?.props).toEqual({
      name: 'deny',
      namespace: 'shop',
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'ui' } } }] }] },
    });
    expect(policy?.locations['/namespace']).toEqual(rangeOf(POLICY, 'namespace = kubernetes_namespace_v1.shop.metadata[0].name'));
  });

  it('gives every other kubernetes_* resource with metadata a k8s.object', async () => {
    const src = [
      'resource "kubernetes_config_map_v1" "c" {',
      '  metadata {',
      '    name      = "c"',
      '    namespace = "reports"',
      '  }',
      '}',
      'resource "kubernetes_manifest" "m" {',
      '  manifest = {}',
      '}',
    ].join('\n');
    const resources = await normalize({ 'main.tf': src });
    expect(resources.map((r) => [r.kind, r.name, r.props.kind, r.props.namespace])).toEqual([
      ['k8s.object', 'kubernetes_config_map_v1.c', 'ConfigMap', 'reports'],
    ]);
    expect(resources[0]?.locations['/namespace']).toEqual(rangeOf(src, 'namespace = "reports"'));
  });
});
