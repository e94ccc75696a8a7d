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

/**
 * Keywords the condition language adds to JSON Schema, for checks that plain schemas cannot say.
 * Each takes its list from the rule's options through `{"$data": "/$options/<name>"}`; an option
 * left unset (not a list) makes the keyword pass, so such a rule is opt-in.
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
}
