import { describe, expect, it } from 'vitest';
import { pathMatches } from '../src/engine/keywords.js';
import { isUnknown, type Resource } from '../src/model/resource.js';
import { normalizeKubernetes } from '../src/normalize/kubernetes.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { parseHcl } from '../src/parse/hcl.js';
import { parseYaml } from '../src/parse/yaml.js';
import { rangeOf } from './helpers/source-range.js';

type Container = Record<string, unknown>;

function workloadOf(source: string): Resource {
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  const workload = normalizeKubernetes('/m/pod.yaml', documents).find((r) => r.kind === 'k8s.workload');
  if (!workload) throw new Error('no workload');
  return workload;
}

async function terraformWorkloadOf(source: string): Promise<Resource> {
  const { body, problems } = await parseHcl(source);
  expect(problems).toEqual([]);
  const workload = normalizeTerraformModule([extractTerraform('/m/main.tf', body, 'tf')]).find((r) => r.kind === 'k8s.workload');
  if (!workload) throw new Error('no workload');
  return workload;
}

const containersOf = (r: Resource) => r.props.containers as Container[];

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    fsGroup: 2000
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: app:1
      securityContext:
        runAsUser: 0
        allowPrivilegeEscalation: false
        capabilities:
          add: [cap_net_admin]
          drop: [all, CAP_NET_RAW]
      resources:
        limits: { cpu: 500m, memory: 1Gi }
        requests: { cpu: 100m }
  initContainers:
    - name: init
      image: init:1
  ephemeralContainers:
    - name: debug
      image: debug:1
      securityContext:
        privileged: true
        allowPrivilegeEscalation: false
`;

describe('effective container settings from a manifest', () => {
  const workload = workloadOf(POD);
  const [app, init, debug] = containersOf(workload);

  it('labels each container with the list it is in', () => {
    expect([app, init, debug].map((c) => c?.label)).toEqual(["Container 'app'", "Init container 'init'", "Ephemeral container 'debug'"]);
  });

  it('merges the pod security context into the container one, the container winning', () => {
    expect(app?.effectiveSecurityContext).toEqual({
      runAsUser: 0,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL', 'CAP_NET_RAW'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // Pod-only fields (fsGroup) are not a container's.
    expect(init?.effectiveSecurityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('keeps the fields as written', () => {
    expect(app?.securityContext).toMatchObject({ runAsUser: 0, capabilities: { add: ['cap_net_admin'] } });
  });

  it('locates each effective field where it was written: the container, else the pod, else the container', () => {
    const at = (p: string) => workload.locations[p];
    expect(at('/containers/0/effectiveSecurityContext/runAsUser')).toEqual(rangeOf(POD, 'runAsUser: 0'));
    expect(at('/containers/0/effectiveSecurityContext/runAsNonRoot')).toEqual(rangeOf(POD, 'runAsNonRoot: true'));
    expect(at('/containers/1/effectiveSecurityContext/runAsUser')).toEqual(rangeOf(POD, 'runAsUser: 1000'));
    expect(at('/containers/1/effectiveSecurityContext')?.line).toBe(rangeOf(POD, 'name: init').line);
    expect(at('/containers/0/effectiveSecurityContext')?.line).toBe(rangeOf(POD, 'securityContext:\n        runAsUser: 0').line);
  });

  it('says whether privilege escalation is possible, and why', () => {
    expect(app?.privilegeEscalation).toEqual({ allowed: false, cause: 'allowPrivilegeEscalation is false' });
    expect(init?.privilegeEscalation).toEqual({ allowed: true, cause: 'allowPrivilegeEscalation is not set and defaults to true' });
    // privileged: true always allows it, whatever allowPrivilegeEscalation says.
    expect(debug?.privilegeEscalation).toEqual({ allowed: true, cause: 'it runs privileged, which always allows privilege escalation' });
    expect(workload.locations['/containers/2/privilegeEscalation/allowed']).toEqual(rangeOf(POD, 'privileged: true'));
  });

  it('says whether the container may run as root, and why', () => {
    expect(app?.runAsRoot).toEqual({ allowed: true, cause: 'runAsUser is 0' });
    expect(init?.runAsRoot).toEqual({ allowed: false, cause: 'runAsUser is 1000' });
  });

  it('defaults each missing request to its limit', () => {
    expect(app?.effectiveResources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
    expect(init?.effectiveResources).toEqual({ limits: {}, requests: {} });
    expect(workload.locations['/containers/0/effectiveResources/requests/memory']).toEqual(workload.locations['/containers/0/resources/limits/memory']);
  });
});

describe('the deprecated seccomp annotations', () => {
  const source = (podField: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/b: runtime/default
    container.seccomp.security.alpha.kubernetes.io/c: localhost/profiles/c.json
spec:${podField}
  containers:
    - name: a
      image: a:1
    - name: b
      image: b:1
    - name: c
      image: c:1
      securityContext:
        seccompProfile: { type: RuntimeDefault }
`;
  const profiles = (podField: string) =>
    containersOf(workloadOf(source(podField))).map((c) => (c.effectiveSecurityContext as Container).seccompProfile);

  it('count where no field sets a profile, in the kubelet order: container field, container annotation, pod field, pod annotation', () => {
    expect(profiles('')).toEqual([{ type: 'Unconfined' }, { type: 'RuntimeDefault' }, { type: 'RuntimeDefault' }]);
    expect(profiles('\n  securityContext:\n    seccompProfile: { type: Localhost, localhostProfile: p.json }')).toEqual([
      { type: 'Localhost', localhostProfile: 'p.json' },
      { type: 'RuntimeDefault' },
      { type: 'RuntimeDefault' },
    ]);
  });

  it('are located at the annotation', () => {
    const text = source('');
    const workload = workloadOf(text);
    expect(workload.locations['/containers/1/effectiveSecurityContext/seccompProfile/type']?.line).toBe(
      rangeOf(text, 'container.seccomp.security.alpha.kubernetes.io/b').line,
    );
  });
});

describe('effective container settings from the Terraform kubernetes provider', () => {
  const source = [
    'variable "uid" {}',
    'resource "kubernetes_deployment_v1" "web" {',
    '  metadata {',
    '    name = "web"',
    '  }',
    '  spec {',
    '    template {',
    '      metadata {}',
    '      spec {',
    '        security_context {',
    '          run_as_user = var.uid',
    '          seccomp_profile {',
    '            type = "RuntimeDefault"',
    '          }',
    '        }',
    '        init_container {',
    '          name  = "setup"',
    '          image = "setup:1"',
    '        }',
    '        container {',
    '          name  = "web"',
    '          image = "web:1"',
    '          security_context {',
    '            run_as_user = "1000"',
    '            capabilities {',
    '              add = ["SYS_ADMIN"]',
    '            }',
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('merges, labels and locates as for a manifest; an unknown pod field stays unknown', async () => {
    const workload = await terraformWorkloadOf(source);
    const [web, setup] = containersOf(workload);
    expect(web?.label).toBe("Container 'web'");
    expect(setup?.label).toBe("Init container 'setup'");
    expect(web?.effectiveSecurityContext).toMatchObject({ runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(web?.runAsRoot).toEqual({ allowed: false, cause: 'runAsUser is 1000' });
    expect(web?.privilegeEscalation).toEqual({ allowed: true, cause: 'it adds CAP_SYS_ADMIN, which always allows privilege escalation' });
    expect(workload.locations['/containers/0/privilegeEscalation/allowed']?.line).toBe(26);
    expect(isUnknown((setup?.effectiveSecurityContext as Container).runAsUser)).toBe(true);
    expect(isUnknown((setup?.runAsRoot as Container).allowed)).toBe(true);
    expect(workload.locations['/containers/1/effectiveSecurityContext/seccompProfile/type']?.line).toBe(13);
  });
});

describe('pathMatches', () => {
  it('matches exact entries, and directories ending in /** with everything under them', () => {
    const patterns = ['/', '/etc/**', '/var/run/**'];
    expect(pathMatches('/', patterns)).toBe(true);
    expect(pathMatches('//', patterns)).toBe(true);
    expect(pathMatches('/etc', patterns)).toBe(true);
    expect(pathMatches('/etc/kubernetes/', patterns)).toBe(true);
    expect(pathMatches('/var//run/docker.sock', patterns)).toBe(true);
    expect(pathMatches('/data/../etc/passwd', patterns)).toBe(true);
    expect(pathMatches('/etcetera', patterns)).toBe(false);
    expect(pathMatches('/data', patterns)).toBe(false);
    expect(pathMatches('/data', [])).toBe(false);
  });
});
