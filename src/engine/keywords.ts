import { posix } from 'node:path';
import type { Ajv } from 'ajv';

/**
 * The registry part of a container image reference, as the container runtime resolves it:
 * `nginx:1.27` is `docker.io/library/nginx`, `ghcr.io/org/app@sha256:…` is `ghcr.io/org/app`.
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagColon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = tagColon === -1 ? withoutDigest : withoutDigest.slice(0, tagColon);
  const first = name.split('/')[0] ?? '';
  const hasRegistryHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistryHost) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

/** Whether `repository` is `allowed` itself or lies under it (`ecr.aws/team` allows `ecr.aws/team/app`). */
function isUnder(repository: string, allowed: string): boolean {
  const prefix = allowed.replace(/\/+$/, '');
  return repository === prefix || repository.startsWith(`${prefix}/`);
}

/** One permission asked about: verbs on resources written as kubectl does (`pods/exec`, `deployments.apps`). */
interface Permission {
  verbs: string[];
  resources: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether an RBAC resource pattern of a rule covers `resource` (`pods`, `pods/exec`, `userextras/*`). */
function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*' || pattern === resource) return true;
  const [base, sub] = resource.split('/');
  if (sub === undefined) return false;
  if (sub === '*') return pattern.startsWith(`${base}/`);
  return pattern === `*/${sub}`;
}

/**
 * Whether an RBAC PolicyRule grants any of `wanted`, with Kubernetes' wildcard semantics (`*` in
 * verbs, apiGroups and resources, `*\/sub` for a subresource of every resource). A rule limited
 * by `resourceNames` reaches only the named objects (and can never `create`), so it is not
 * counted: naming the objects is the least privilege the guide asks for.
 */
export function ruleGrants(rule: Record<string, unknown>, wanted: readonly Permission[]): boolean {
  if (strings(rule.resourceNames).length > 0) return false;
  const verbs = strings(rule.verbs);
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  return wanted.some(
    (p) =>
      p.verbs.some((v) => verbs.includes(v) || verbs.includes('*')) &&
      p.resources.some((written) => {
        const dot = written.indexOf('.');
        const resource = dot === -1 ? written : written.slice(0, dot);
        const group = dot === -1 ? '' : written.slice(dot + 1);
        return (groups.includes(group) || groups.includes('*')) && resources.some((pattern) => resourceMatches(pattern, resource));
      }),
  );
}

/**
 * Whether a node path is one of `patterns`: an entry matches that path exactly, or, ending in
 * `/**`, that directory and everything under it. Paths are compared normalised (`/var//run/` is
 * `/var/run`, `/etc/../` is `/`), as the kubelet resolves them.
 */
export function pathMatches(path: string, patterns: readonly string[]): boolean {
  const normal = (p: string) => (p === '' ? p : posix.normalize(p).replace(/(.)\/+$/, '$1'));
  const target = normal(path);
  return patterns.some((pattern) => {
    if (!pattern.endsWith('/**')) return target === normal(pattern);
    const dir = normal(pattern.slice(0, -'/**'.length) || '/');
    return target === dir || target.startsWith(dir === '/' ? '/' : `${dir}/`);
  });
}

/** A release version's numbers: `v1.18.1-eksbuild.2` → `[1, 18, 1]` and build `2`; undefined when not a version. */
function versionParts(version: string): { numbers: number[]; build: number } | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:-eksbuild\.(\d+))?(?:[-+].*)?$/.exec(version.trim());
  if (!match?.[1]) return undefined;
  return { numbers: match[1].split('.').map(Number), build: match[2] === undefined ? 0 : Number(match[2]) };
}

/**
 * Whether `version` is older than `minimum`, comparing the dotted numbers one by one (a missing
 * one counts as 0) and then the `-eksbuild.N` build. Undefined when either is not a version
 * (`latest`, a wildcard): it cannot be compared.
 */
export function versionBelow(version: string, minimum: string): boolean | undefined {
  const a = versionParts(version);
  const b = versionParts(minimum);
  if (!a || !b) return undefined;
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const x = a.numbers[i] ?? 0;
    const y = b.numbers[i] ?? 0;
    if (x !== y) return x < y;
  }
  return a.build < b.build;
}

/**
 * Whether an IAM action pattern covers `action` as IAM matches them: case-insensitive, `*` any run
 * of characters, `?` one character. `action` is taken literally, so `iam:*` stands for "every IAM
 * action": only a pattern that covers all of them (`*`, `iam:*`, `ia?:*`) matches it, `iam:Get*` does not.
 */
export function iamActionMatches(pattern: string, action: string): boolean {
  // Greedy matching that retries from the last `*` only: O(pattern × action) whatever the pattern,
  // which comes from the scanned files (a regular expression built from it could backtrack for ages).
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < a.length) {
    if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (i < p.length && (p[i] === '?' || p[i] === a[j])) {
      i++;
      j++;
    } else if (star !== -1) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (p[i] === '*') i++;
  return i === p.length;
}

function actionList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Nanoseconds per unit of a Go duration (`time.ParseDuration`); both spellings of the micro sign. */
const GO_DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * The length in seconds of a Go duration string as `time.ParseDuration` reads it (`"0"`, `"90s"`,
 * `"1h30m"`, `"-1.5h"`, `".5s"`), or undefined when Go would reject it: this is the syntax of every
 * duration field of a KubeletConfiguration (`metav1.Duration`) and of every duration flag.
 */
export function goDurationSeconds(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let nanoseconds = 0;
  const component = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (rest !== '') {
    const match = component.exec(rest);
    const [whole = '', integer = '', fraction = '', unit = ''] = match ?? [];
    const scale = GO_DURATION_UNITS[unit];
    if (!match || scale === undefined || integer + fraction === '') return undefined;
    nanoseconds += Number(`${integer || '0'}.${fraction || '0'}`) * scale;
    rest = rest.slice(whole.length);
  }
  return (sign * nanoseconds) / 1e9;
}

/**
 * Keywords the condition language adds to JSON Schema, for checks that plain schemas cannot say.
 * Each takes its list from the rule's options through `{"$data": "/$options/<name>"}`.
 */
export function addConditionKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'imageRegistryIn',
    type: 'string',
    $data: true,
    errors: false,
    validate: (allowed: unknown, image: string) =>
      !Array.isArray(allowed) || allowed.some((entry) => typeof entry === 'string' && isUnder(imageRepository(image), entry)),
  });
  // `rbacGrants: [{verbs: [create], resources: [pods, deployments.apps]}]` holds for an RBAC
  // PolicyRule that grants any of the listed permissions; rules write `not: {rbacGrants: …}`.
  ajv.addKeyword({
    keyword: 'rbacGrants',
    type: 'object',
    errors: false,
    metaSchema: {
      type: 'array',
      items: {
        type: 'object',
        required: ['verbs', 'resources'],
        additionalProperties: false,
        properties: { verbs: { type: 'array', items: { type: 'string' } }, resources: { type: 'array', items: { type: 'string' } } },
      },
    },
    validate: (wanted: Permission[], rule: Record<string, unknown>) => ruleGrants(rule, wanted),
  });

  // `iamActionMatches: [ecr:PutImage, ...]` holds for an IAM action pattern (`ecr:Put*`, `*`) that
  // covers one of the listed actions; `iamNotActionAllows` for a `NotAction` list that leaves one of
  // them out, which an `Allow` statement then grants.
  ajv.addKeyword({
    keyword: 'iamActionMatches',
    type: 'string',
    $data: true,
    errors: false,
    validate: (actions: unknown, pattern: string) => actionList(actions).some((action) => iamActionMatches(pattern, action)),
  });
  ajv.addKeyword({
    keyword: 'iamNotActionAllows',
    type: 'array',
    $data: true,
    errors: false,
    validate: (actions: unknown, excluded: unknown[]) => {
      const patterns = actionList(excluded);
      return actionList(actions).some((action) => !patterns.some((pattern) => iamActionMatches(pattern, action)));
    },
  });

  // `minimumVersionByName: {$data: /$options/minimumVersions}` on a version string holds unless the
  // version is older than the minimum the map gives for the sibling `name` (an add-on's, a chart's).
  // A name without a minimum, or a version that is not one (`latest`), is not judged.
  ajv.addKeyword({
    keyword: 'minimumVersionByName',
    type: 'string',
    $data: true,
    errors: false,
    validate: (minimums: unknown, version: string, _schema?: unknown, context?: { parentData?: unknown }) => {
      const name = (context?.parentData as { name?: unknown } | undefined)?.name;
      if (typeof minimums !== 'object' || minimums === null || typeof name !== 'string' || !Object.hasOwn(minimums, name)) return true;
      const minimum = (minimums as Record<string, unknown>)[name];
      return typeof minimum !== 'string' || versionBelow(version, minimum) !== true;
    },
  });

  // `goDurationIn: {minimum: 0, maximum: 0}` holds for a string that is a Go duration within the
  // bounds, in seconds (inclusive): `{type: string, goDurationIn: {minimum: 0, maximum: 0}}` is "a
  // zero duration", whichever way it is written (`0`, `0s`, `0m0s`). A string Go rejects never holds.
  ajv.addKeyword({
    keyword: 'goDurationIn',
    type: 'string',
    errors: false,
    metaSchema: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: { minimum: { type: 'number' }, maximum: { type: 'number' } },
    },
    validate: (bounds: { minimum?: number; maximum?: number }, text: string) => {
      const seconds = goDurationSeconds(text);
      return seconds !== undefined && seconds >= (bounds.minimum ?? -Infinity) && seconds <= (bounds.maximum ?? Infinity);
    },
  });

  // Unlike imageRegistryIn, an unset list matches nothing: `pathIn` says what a path is, not what is allowed.
  ajv.addKeyword({
    keyword: 'pathIn',
    type: 'string',
    $data: true,
    errors: false,
    validate: (patterns: unknown, path: string) =>
      Array.isArray(patterns) && pathMatches(path, patterns.filter((p): p is string => typeof p === 'string')),
  });
}
