import { describe, expect, it } from 'vitest';
import { ruleGrants } from '../src/engine/keywords.js';
import { linkServiceAccounts } from '../src/graph/service-accounts.js';
import { isUnknown, type Resource } from '../src/model/resource.js';
import { EmbeddedBudget, parseEmbeddedYaml } from '../src/normalize/embedded-yaml.js';
import { normalizeKubernetes } from '../src/normalize/kubernetes.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { parseHcl } from '../src/parse/hcl.js';
import { parseYaml } from '../src/parse/yaml.js';

function manifest(source: string): Resource[] {
  return linkServiceAccounts(normalizeKubernetes('/m/a.yaml', parseYaml(source).documents, source));
}

async function terraform(source: string): Promise<Resource[]> {
  const { body } = await parseHcl(source);
  return linkServiceAccounts(normalizeTerraformModule([extractTerraform('/m/main.tf', body, 'tf')]));
}

describe('ruleGrants', () => {
  const create = [{ verbs: ['create'], resources: ['pods', 'deployments.apps', 'pods/exec'] }];
  it('follows RBAC wildcards for verbs, groups, resources and subresources', () => {
    expect(ruleGrants({ apiGroups: [''], resources: ['pods'], verbs: ['create'] }, create)).toBe(true);
    expect(ruleGrants({ apiGroups: ['*'], resources: ['deployments'], verbs: ['*'] }, create)).toBe(true);
    expect(ruleGrants({ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }, create)).toBe(true);
    expect(ruleGrants({ apiGroups: [''], resources: ['*'], verbs: ['create'] }, create)).toBe(true);
  });
  it('needs the verb, the group and the resource to match', () => {
    expect(ruleGrants({ apiGroups: [''], resources: ['deployments'], verbs: ['create'] }, create)).toBe(false);
    expect(ruleGrants({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'update'] }, create)).toBe(false);
    expect(ruleGrants({ apiGroups: [''], resources: ['pods/log'], verbs: ['create'] }, create)).toBe(false);
    expect(ruleGrants({ nonResourceURLs: ['*'], verbs: ['*'] }, create)).toBe(false);
  });
  it('does not count a rule limited to named objects', () => {
    expect(ruleGrants({ apiGroups: [''], resources: ['pods'], verbs: ['create'], resourceNames: ['x'] }, create)).toBe(false);
  });
  it('reads a wanted subresource wildcard as any subresource', () => {
    const impersonate = [{ verbs: ['impersonate'], resources: ['userextras/*.authentication.k8s.io'] }];
    expect(ruleGrants({ apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['impersonate'] }, impersonate)).toBe(true);
    expect(ruleGrants({ apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['impersonate'] }, impersonate)).toBe(false);
  });
});

describe('YAML inside strings', () => {
  it('places a block scalar at its lines and columns in the file', () => {
    const source = ['data:', '  mapRoles: |-', '      - rolearn: r', '        groups: [a]', ''].join('\n');
    const at = { line: 2, column: 3, endLine: 4, endColumn: 24 };
    const { documents, clean } = parseEmbeddedYaml('- rolearn: r\n  groups: [a]', at, new EmbeddedBudget(), source.split('\n'));
    expect(clean).toBe(true);
    const item = documents[0]?.type === 'seq' ? documents[0].items[0] : undefined;
    const groups = item?.type === 'map' ? item.entries.find((e) => e.key === 'groups') : undefined;
    expect(groups?.keyRange).toMatchObject({ line: 4, column: 9 });
  });
  it('falls back to the entry for a quoted string it cannot place', () => {
    const at = { line: 7, column: 3, endLine: 7, endColumn: 40 };
    const { documents } = parseEmbeddedYaml('- rolearn: r\n  groups: [a]\n', at, new EmbeddedBudget());
    expect(documents[0]?.range).toEqual(at);
  });
  it('stops parsing once the budget is spent: the content is unknown', () => {
    const budget = new EmbeddedBudget(20);
    const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    expect(parseEmbeddedYaml('- a: 1\n', at, budget).clean).toBe(true);
    expect(parseEmbeddedYaml('- groups: [system:masters]\n', at, budget)).toEqual({ documents: [], clean: false });
  });
  it('reads aws-auth mapRoles written as a quoted string', () => {
    const roles = '- rolearn: r\n  groups: [system:masters]\n';
    const source = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: aws-auth, namespace: kube-system}',
      `data: {mapRoles: ${JSON.stringify(roles)}}`,
    ].join('\n');
    const resources = normalizeKubernetes('/m/a.yaml', parseYaml(source).documents, source);
    expect(resources.find((r) => r.kind === 'k8s.awsauth')?.props.mapRoles).toEqual([{ rolearn: 'r', groups: ['system:masters'] }]);
  });
});

describe('service accounts of workloads', () => {
  const pod = (spec: string) => ['---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: p, namespace: app}', `spec: {containers: [{name: c, image: i}]${spec}}`].join('\n');
  const account = (name: string, automount: string) =>
    ['', '---', 'apiVersion: v1', 'kind: ServiceAccount', `metadata: {name: ${name}, namespace: app}`, automount].join('\n');
  const tokenOf = (source: string) => manifest(source).find((r) => r.kind === 'k8s.workload')?.props;

  it('follows the pod, then the ServiceAccount, then the default', () => {
    expect(tokenOf(pod(''))).toMatchObject({ serviceAccountName: 'default', serviceAccountToken: 'mounted' });
    expect(tokenOf(pod(', automountServiceAccountToken: true'))).toMatchObject({ serviceAccountToken: 'requested' });
    expect(tokenOf(pod(', serviceAccountName: sa') + account('sa', 'automountServiceAccountToken: false'))).toMatchObject({ serviceAccountToken: 'disabled' });
    expect(tokenOf(pod(', serviceAccountName: sa, automountServiceAccountToken: true') + account('sa', 'automountServiceAccountToken: false'))).toMatchObject({
      serviceAccountToken: 'requested',
    });
    expect(tokenOf(pod(', serviceAccountName: sa') + account('sa', 'automountServiceAccountToken: true'))).toMatchObject({ serviceAccountToken: 'mounted' });
    expect(tokenOf(pod(', serviceAccount: legacy'))).toMatchObject({ serviceAccountName: 'legacy' });
  });
  it('never guesses a ServiceAccount that is not in the scan', () => {
    expect(isUnknown(tokenOf(pod(', serviceAccountName: elsewhere'))?.serviceAccountToken)).toBe(true);
  });
  it('matches the ServiceAccount of the same namespace only', () => {
    const other = ['', '---', 'apiVersion: v1', 'kind: ServiceAccount', 'metadata: {name: sa, namespace: other}', 'automountServiceAccountToken: false'].join('\n');
    expect(isUnknown(tokenOf(pod(', serviceAccountName: sa') + other)?.serviceAccountToken)).toBe(true);
  });
});

describe('Terraform kubernetes provider access objects', () => {
  it('maps roles, bindings, service accounts and secrets to the same props as manifests', async () => {
    const resources = await terraform(
      [
        'resource "kubernetes_cluster_role_v1" "r" {',
        '  metadata { name = "r" }',
        '  rule {',
        '    api_groups        = [""]',
        '    resources         = ["pods"]',
        '    resource_names    = ["a"]',
        '    verbs             = ["get"]',
        '  }',
        '  rule {',
        '    non_resource_urls = ["/metrics"]',
        '    verbs             = ["get"]',
        '  }',
        '}',
        'resource "kubernetes_role_binding_v1" "b" {',
        '  metadata {',
        '    name      = "b"',
        '    namespace = "app"',
        '  }',
        '  role_ref {',
        '    api_group = "rbac.authorization.k8s.io"',
        '    kind      = "Role"',
        '    name      = "r"',
        '  }',
        '  subject {',
        '    kind      = "ServiceAccount"',
        '    name      = "sa"',
        '    namespace = "app"',
        '  }',
        '}',
        'resource "kubernetes_service_account_v1" "sa" {',
        '  metadata {',
        '    name      = "sa"',
        '    namespace = "app"',
        '  }',
        '  automount_service_account_token = false',
        '}',
      ].join('\n'),
    );
    expect(resources.find((r) => r.kind === 'k8s.role')?.props).toMatchObject({
      kind: 'ClusterRole',
      name: 'r',
      aggregated: false,
      rules: [{ apiGroups: [''], resources: ['pods'], resourceNames: ['a'], verbs: ['get'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }],
    });
    expect(resources.find((r) => r.kind === 'k8s.rolebinding')?.props).toMatchObject({
      kind: 'RoleBinding',
      namespace: 'app',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'app' }],
    });
    expect(resources.find((r) => r.kind === 'k8s.serviceaccount')?.props).toMatchObject({ name: 'sa', automountServiceAccountToken: false });
  });
  it('reads kubectl_manifest YAML with its lines in the .tf file', async () => {
    const resources = await terraform(
      ['resource "kubectl_manifest" "ns" {', '  yaml_body = <<YAML', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', 'YAML', '}'].join('\n'),
    );
    const namespace = resources.find((r) => r.kind === 'k8s.namespace');
    expect(namespace).toMatchObject({ name: 'kubectl_manifest.ns', format: 'terraform', props: { name: 'shop', declared: true } });
    expect(namespace?.range.line).toBe(6);
  });
});

describe('Services and Ingresses', () => {
  it('reads them from manifests and from the provider into the same props', async () => {
    const yaml = manifest(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web, namespace: shop}',
        'spec: {type: LoadBalancer, ports: [{port: 443}], loadBalancerSourceRanges: [0.0.0.0/0]}',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: {name: web, namespace: shop}',
        'spec: {tls: [{hosts: [shop.example.com]}]}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: internal, namespace: shop}',
        'spec: {ports: [{port: 80}]}',
      ].join('\n'),
    );
    const services = yaml.filter((r) => r.kind === 'k8s.service').map((r) => [r.props.name, r.props.type]);
    expect(services).toEqual([
      ['web', 'LoadBalancer'],
      ['internal', 'ClusterIP'],
    ]);
    expect(yaml.find((r) => r.kind === 'k8s.ingress')?.props).toMatchObject({ name: 'web', namespace: 'shop', spec: { tls: [{ hosts: ['shop.example.com'] }] } });

    const tf = await terraform(
      [
        'resource "kubernetes_service_v1" "web" {',
        '  metadata {',
        '    name      = "web"',
        '    namespace = "shop"',
        '  }',
        '  spec {',
        '    type                        = "LoadBalancer"',
        '    load_balancer_source_ranges = ["0.0.0.0/0"]',
        '    port {',
        '      port = 443',
        '    }',
        '  }',
        '}',
        'resource "kubernetes_ingress_v1" "web" {',
        '  metadata {',
        '    name      = "web"',
        '    namespace = "shop"',
        '  }',
        '  spec {',
        '    tls {',
        '      hosts = ["shop.example.com"]',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(tf.find((r) => r.kind === 'k8s.service')?.props).toMatchObject({
      name: 'web',
      type: 'LoadBalancer',
      spec: { loadBalancerSourceRanges: ['0.0.0.0/0'], ports: [{ port: 443 }] },
    });
    // The provider's repeated `tls` blocks are read as one (the first), not as the API's list.
    expect(tf.find((r) => r.kind === 'k8s.ingress')?.props).toMatchObject({ spec: { tls: { hosts: ['shop.example.com'] } } });
  });
});
