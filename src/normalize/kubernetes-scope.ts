/**
 * Which built-in kinds live in a namespace. A namespaced object without `metadata.namespace` goes
 * to the namespace it is applied to; a cluster-scoped one has none. Kinds not listed (custom
 * resources, whose scope is in their CustomResourceDefinition) are unknown.
 */
import { unknown, type Unknown } from '../model/resource.js';

const NAMESPACED: Readonly<Record<string, readonly string[]>> = {
  '': ['Pod', 'ReplicationController', 'Service', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Endpoints', 'LimitRange', 'ResourceQuota', 'PodTemplate'],
  apps: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
  extensions: ['Deployment', 'DaemonSet', 'ReplicaSet', 'Ingress', 'NetworkPolicy'],
  batch: ['Job', 'CronJob'],
  'rbac.authorization.k8s.io': ['Role', 'RoleBinding'],
  'networking.k8s.io': ['Ingress', 'NetworkPolicy'],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['PodDisruptionBudget'],
  'coordination.k8s.io': ['Lease'],
  'discovery.k8s.io': ['EndpointSlice'],
};

const CLUSTER_SCOPED: Readonly<Record<string, readonly string[]>> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'apiregistration.k8s.io': ['APIService'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'networking.k8s.io': ['IngressClass'],
  policy: ['PodSecurityPolicy'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
};

/** Whether objects of `kind` in API group `group` are namespaced (the core group is ``). */
export function isNamespaced(kind: string, group: string): boolean | Unknown {
  if (NAMESPACED[group]?.includes(kind)) return true;
  if (CLUSTER_SCOPED[group]?.includes(kind)) return false;
  return unknown(`whether ${kind} is namespaced depends on its CustomResourceDefinition`);
}
