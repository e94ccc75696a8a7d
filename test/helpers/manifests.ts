/**
 * A pod that no workload rule objects to: non-root, seccomp, no privilege escalation, read-only
 * root filesystem, all capabilities dropped, a digest-pinned image and resource limits. With
 * `privileged`, privileged-container (and the escalation it implies) is all there is to report.
 */
export function hardenedPod(options: { name: string; namespace?: string; privileged?: boolean }): string {
  const namespace = options.namespace === undefined ? '' : `\n  namespace: ${options.namespace}`;
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${options.name}${namespace}
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: c
      image: public.ecr.aws/docker/library/busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      resources:
        limits: { cpu: 100m, memory: 64Mi }
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: { drop: [ALL] }
        privileged: ${options.privileged ?? false}
`;
}
