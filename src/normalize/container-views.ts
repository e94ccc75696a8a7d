/**
 * What a workload's containers run with, computed the way the kubelet computes it, so that rules
 * judge the effective settings instead of re-deriving Kubernetes' precedence each: the pod-level
 * security context merged into each container's, whether privilege escalation and the root user
 * are possible (and why, for messages), and the resource requests with their defaults. Shared by every format's workload adapter; it reads the
 * canonical `pod` and `containers` (API names) and their locations, and adds to each container
 * (docs/canonical-model.md, `k8s.workload`). The as-written fields stay as they are.
 */
import { isUnknown, pointer, type Pointer, unknown } from '../model/resource.js';
import { copyLocations, type Locations } from './plain.js';

/** Fields only a container's `securityContext` has. */
const CONTAINER_ONLY = ['privileged', 'allowPrivilegeEscalation', 'capabilities', 'readOnlyRootFilesystem', 'procMount'] as const;

/** Fields a container inherits from the pod's `securityContext` when it does not set them itself. */
const INHERITED = ['runAsNonRoot', 'runAsUser', 'runAsGroup', 'seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'windowsOptions'] as const;

const LABELS: Readonly<Record<string, string>> = {
  container: 'Container',
  initContainer: 'Init container',
  ephemeralContainer: 'Ephemeral container',
};

type Plain = Record<string, unknown>;

function isObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** A field that is set: `null` is the same as leaving it out, in the API and in Terraform. */
function written(object: unknown, key: string): boolean {
  return isObject(object) && Object.hasOwn(object, key) && object[key] !== null && object[key] !== undefined;
}

/** The location of the first pointer that has one. */
function firstLocated(locations: Locations, ...pointers: Pointer[]): Locations[string] | undefined {
  for (const p of pointers) if (locations[p]) return locations[p];
  return undefined;
}

/**
 * Adds `label`, `effectiveSecurityContext`, `privilegeEscalation`, `runAsRoot` and `effectiveResources` to
 * every container of a workload whose container is written literally (a `dynamic` block's is not).
 */
export function addContainerViews(pod: unknown, containers: unknown[], locations: Locations, podAnnotations: unknown = {}): void {
  const podContext = isObject(pod) ? pod.securityContext : undefined;
  containers.forEach((container, i) => {
    if (!isObject(container)) return;
    const at = pointer('containers', i);
    const name = typeof container.name === 'string' ? container.name : '(unnamed)';
    const kind = typeof container.containerType === 'string' ? container.containerType : 'container';
    container.label = `${LABELS[kind] ?? 'Container'} '${name}'`;
    const labelAt = firstLocated(locations, `${at}/name`, at);
    if (labelAt) locations[`${at}/label`] = labelAt;
    const context = effectiveSecurityContext(container.securityContext, podContext, at, locations);
    if (isObject(context) && !written(container.securityContext, 'seccompProfile')) {
      // An unknown pod security context may set the profile: the pod's annotation would not count then.
      const podFieldSet = written(podContext, 'seccompProfile') || isUnknown(podContext);
      addLegacySeccomp(context, podAnnotations, name, podFieldSet, at, locations);
    }
    container.effectiveSecurityContext = context;
    container.privilegeEscalation = privilegeEscalation(context, at, locations);
    container.runAsRoot = runAsRoot(context, at, locations);
    container.effectiveResources = effectiveResources(container.resources, at, locations);
  });
}

/**
 * The container's security context with the pod's inherited fields filled in where the container
 * leaves them out (the container's value wins), each field located where it was written.
 * Capability names are upper-cased, as the container runtime reads them.
 */
function effectiveSecurityContext(own: unknown, fromPod: unknown, at: Pointer, locations: Locations): unknown {
  const to = `${at}/effectiveSecurityContext`;
  const ownAt = `${at}/securityContext`;
  const here = firstLocated(locations, ownAt, at);
  if (here) locations[to] = here;
  if (isUnknown(own)) return own;
  const context: Plain = {};
  for (const key of [...CONTAINER_ONLY, ...INHERITED]) {
    if (written(own, key)) {
      context[key] = (own as Plain)[key];
      copyLocations(locations, `${ownAt}/${key}`, `${to}/${key}`, (own as Plain)[key]);
    } else if ((INHERITED as readonly string[]).includes(key)) {
      if (isUnknown(fromPod)) {
        context[key] = fromPod;
        const podAt = locations['/pod/securityContext'];
        if (podAt) locations[`${to}/${key}`] = podAt;
      } else if (written(fromPod, key)) {
        context[key] = (fromPod as Plain)[key];
        copyLocations(locations, `/pod/securityContext/${key}`, `${to}/${key}`, (fromPod as Plain)[key]);
      }
    }
  }
  if (isObject(context.capabilities)) context.capabilities = upperCased(context.capabilities);
  return context;
}

const LEGACY_SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const LEGACY_SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

/** A legacy seccomp annotation's value as the field it stood for; unknown for a value that is not one. */
function seccompOfAnnotation(value: unknown): unknown {
  if (value === 'runtime/default' || value === 'docker/default') return { type: 'RuntimeDefault' };
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (typeof value === 'string' && value.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  return unknown(`seccomp annotation ${JSON.stringify(value)}`);
}

/**
 * The deprecated seccomp annotations of a container whose own field sets no profile, in the
 * kubelet's old order: the container's field, the container's annotation, the pod's field, the
 * pod's annotation. Newer clusters ignore them, older ones applied them: which one runs the
 * manifest is not known, so a profile they name is taken rather than a finding made on a guess.
 */
function addLegacySeccomp(context: Plain, annotations: unknown, name: string, podFieldSet: boolean, at: Pointer, locations: Locations): void {
  if (!isObject(annotations)) return;
  const containerKey = LEGACY_SECCOMP_CONTAINER + name;
  // The container's annotation comes before the pod's field; the pod's annotation only after it.
  const key = written(annotations, containerKey) ? containerKey : !podFieldSet && written(annotations, LEGACY_SECCOMP_POD) ? LEGACY_SECCOMP_POD : undefined;
  if (key === undefined) return;
  const from = pointer('podAnnotations', key);
  const to = `${at}/effectiveSecurityContext/seccompProfile`;
  context.seccompProfile = seccompOfAnnotation(annotations[key]);
  const range = locations[from];
  if (range) {
    locations[to] = range;
    locations[`${to}/type`] = range;
  }
}

/**
 * `capabilities` with the names upper-cased, as containerd reads them. containerd also puts `CAP_`
 * before each name, so a dropped `CAP_NET_RAW` drops nothing and stays as written; an added
 * `CAP_SYS_ADMIN` is read as `SYS_ADMIN`, what other runtimes grant for it.
 */
function upperCased(capabilities: Plain): Plain {
  const out: Plain = { ...capabilities };
  const names = (items: unknown, stripPrefix: boolean) => {
    if (!Array.isArray(items)) return items;
    return items.map((c: unknown) => {
      if (typeof c !== 'string') return c;
      const name = c.toUpperCase();
      return stripPrefix ? name.replace(/^CAP_/, '') : name;
    });
  };
  if (Object.hasOwn(capabilities, 'add')) out.add = names(capabilities.add, true);
  if (Object.hasOwn(capabilities, 'drop')) out.drop = names(capabilities.drop, false);
  return out;
}

/** A verdict about a container with the reason a message can quote, located at the field that decides it. */
function verdict(locations: Locations, to: Pointer, where: readonly Pointer[], allowed: unknown, cause: string): Plain {
  const range = firstLocated(locations, ...where);
  if (range) {
    locations[to] = range;
    locations[`${to}/allowed`] = range;
  }
  return { allowed, cause };
}

/** A user id as the API takes it: an integer (a quoted one, as Terraform writes it, counts too). */
function userId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Whether the container's processes may run as root (user id 0): when the effective `runAsUser`
 * is 0, or when neither a non-zero `runAsUser` nor `runAsNonRoot: true` rules it out (the image's
 * user then decides, which a manifest does not show).
 */
function runAsRoot(context: unknown, at: Pointer, locations: Locations): Plain {
  const to = `${at}/runAsRoot`;
  const from = `${at}/effectiveSecurityContext`;
  const decide = (allowed: unknown, cause: string, field?: string) =>
    verdict(locations, to, [...(field ? [`${from}/${field}`] : []), from, at], allowed, cause);
  if (!isObject(context)) return decide(unknown('the security context is not known'), 'unknown');
  const { runAsUser: user, runAsNonRoot: nonRoot } = context;
  if (user !== undefined) {
    const id = userId(user);
    if (id === 0) return decide(true, 'runAsUser is 0', 'runAsUser');
    if (id !== undefined) return decide(false, `runAsUser is ${id}`, 'runAsUser');
    return decide(unknown('runAsUser is not known'), 'unknown', 'runAsUser');
  }
  if (nonRoot === true) return decide(false, 'runAsNonRoot is true', 'runAsNonRoot');
  if (nonRoot === false || nonRoot === undefined) {
    return decide(true, 'neither runAsNonRoot: true nor a non-zero runAsUser is set', nonRoot === false ? 'runAsNonRoot' : undefined);
  }
  return decide(unknown('runAsNonRoot is not known'), 'unknown', 'runAsNonRoot');
}

/**
 * Whether a process of the container can gain more privileges than its parent (`no_new_privs` not
 * set), and why. `allowPrivilegeEscalation` defaults to true, and is always true for a privileged
 * container or one that adds CAP_SYS_ADMIN, whatever it says.
 */
function privilegeEscalation(context: unknown, at: Pointer, locations: Locations): Plain {
  const to = `${at}/privilegeEscalation`;
  const from = `${at}/effectiveSecurityContext`;
  const result = (allowed: unknown, cause: string, where: Pointer): Plain => verdict(locations, to, [where, from, at], allowed, cause);
  if (!isObject(context)) return result(unknown('the security context is not known'), 'unknown', from);
  if (context.privileged === true) return result(true, 'it runs privileged, which always allows privilege escalation', `${from}/privileged`);
  const capabilities = context.capabilities;
  const added = isObject(capabilities) ? capabilities.add : undefined;
  const addIndex = Array.isArray(added) ? added.findIndex((c) => c === 'SYS_ADMIN') : -1;
  if (addIndex >= 0) return result(true, 'it adds CAP_SYS_ADMIN, which always allows privilege escalation', `${from}/capabilities/add/${addIndex}`);
  const setting = context.allowPrivilegeEscalation;
  if (setting === undefined) return result(true, 'allowPrivilegeEscalation is not set and defaults to true', from);
  if (setting === true) return result(true, 'allowPrivilegeEscalation is true', `${from}/allowPrivilegeEscalation`);
  const forcingUnknown =
    isUnknown(context.privileged) || isUnknown(capabilities) || isUnknown(added) || (Array.isArray(added) && added.some(isUnknown));
  if (setting === false && !forcingUnknown) return result(false, 'allowPrivilegeEscalation is false', `${from}/allowPrivilegeEscalation`);
  return result(unknown('allowPrivilegeEscalation, privileged or the added capabilities are not known'), 'unknown', `${from}/allowPrivilegeEscalation`);
}

/**
 * `limits` as written and `requests` with Kubernetes' default: a resource with a limit and no
 * request is requested at its limit. Both are always present (empty when nothing is set), located
 * at what is written, else at `resources`, else at the container.
 */
function effectiveResources(resources: unknown, at: Pointer, locations: Locations): unknown {
  const to = `${at}/effectiveResources`;
  const from = `${at}/resources`;
  const here = firstLocated(locations, from, at);
  if (here) locations[to] = here;
  if (isUnknown(resources)) return resources;
  const limits = isObject(resources) ? resources.limits : undefined;
  const requests = isObject(resources) ? resources.requests : undefined;
  for (const list of ['limits', 'requests']) {
    const range = firstLocated(locations, `${from}/${list}`, from, at);
    if (range) locations[`${to}/${list}`] = range;
  }
  copyLocations(locations, `${from}/limits`, `${to}/limits`, limits);
  let effectiveRequests: unknown;
  if (isUnknown(requests)) effectiveRequests = requests;
  else {
    const defaults: Plain = isUnknown(limits) ? { cpu: limits, memory: limits } : isObject(limits) ? limits : {};
    copyLocations(locations, `${from}/limits`, `${to}/requests`, limits);
    const own = isObject(requests) ? requests : {};
    effectiveRequests = { ...defaults, ...own };
    copyLocations(locations, `${from}/requests`, `${to}/requests`, requests);
  }
  const requestsAt = firstLocated(locations, `${from}/requests`, from, at);
  if (requestsAt) locations[`${to}/requests`] = requestsAt;
  return { limits: isUnknown(limits) || isObject(limits) ? limits : {}, requests: effectiveRequests };
}
