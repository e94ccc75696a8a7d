import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import { lint } from '../src/lint.js';
import { runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

const RULE = 'namespace-without-network-policy';
const rules = loadRules().filter((r) => r.id === RULE);

const deployment = (name: string, namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: busybox
`;

const policy = (namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

/**
 * Two unrelated projects in one scan: the shop project isolates its `shop` and `default`
 * namespaces; the blog project uses namespaces of the same names and isolates neither, declaring
 * `shop` in a file that comes after the workload that uses it.
 */
const PROJECTS = {
  'shop/app.yaml': `${deployment('web', 'shop')}---\n${deployment('cron', 'default')}`,
  'shop/policies.yaml': `${policy('shop')}---\n${policy('default')}`,
  'blog/a-app.yaml': `${deployment('blog', 'shop')}---\n${deployment('stats', 'default')}`,
  'blog/b-namespaces.yaml': namespace('shop'),
  'blog/c-more.yaml': deployment('comments', 'default'),
};

async function findings(root: string, clusters?: Record<string, string[]>): Promise<string[]> {
  const report = await lint([root], { rules, cwd: root, ...(clusters ? { clusters: { clusters, base: root } } : {}) });
  return report.findings.map((f) => `${relative(root, f.file)}:${f.range.line} ${f.message}`);
}

describe('the namespace graph, per cluster', () => {
  it('is one cluster by default: a policy anywhere covers every namespace of that name', async () => {
    expect(await findings(writeTree(PROJECTS))).toEqual([]);
  });

  it("gives each cluster its own namespaces and policies, reported at the Namespace object or the cluster's first use", async () => {
    const root = writeTree(PROJECTS);
    expect(await findings(root, { shop: ['shop/'], blog: ['blog/'] })).toEqual([
      // The first object of the blog cluster that uses `default`, not the shop project's.
      "blog/a-app.yaml:21 Namespace 'default' has no NetworkPolicy",
      // Declared by a Namespace object: reported there, although a workload uses it first.
      "blog/b-namespaces.yaml:4 Namespace 'shop' has no NetworkPolicy",
    ]);
    // Files no pattern names form one more cluster of their own.
    expect(await findings(root, { shop: ['shop/'] })).toEqual(["blog/a-app.yaml:21 Namespace 'default' has no NetworkPolicy", "blog/b-namespaces.yaml:4 Namespace 'shop' has no NetworkPolicy"]);
    // The first matching cluster wins: both projects in one cluster again.
    expect(await findings(root, { all: ['*.yaml'], blog: ['blog/'] })).toEqual([]);
  });

  it('is set with clusters: in .eks-lint.yaml', () => {
    const root = writeTree({ ...PROJECTS, '.eks-lint.yaml': 'clusters:\n  shop-prod: [shop/]\n  blog: ["blog/**"]\n' });
    const run = runCli(['--format', 'json', '--rule', RULE, '.'], { cwd: root });
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; message: string }[] }[];
    const messages = results.flatMap((r) => r.messages.map((m) => `${relative(root, r.filePath)}:${m.line} ${m.message}`));
    expect(messages).toEqual(["blog/a-app.yaml:21 Namespace 'default' has no NetworkPolicy", "blog/b-namespaces.yaml:4 Namespace 'shop' has no NetworkPolicy"]);
    const invalid = runCli(['.'], { cwd: writeTree({ '.eks-lint.yaml': 'clusters:\n  prod: []\n' }) });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/\.eks-lint\.yaml:2:\d+: 'clusters\.prod' must NOT have fewer than 1 items/);
  });
});
