import type { Resource } from '../../model/resource.js';
import { eksClusterFromTerraform } from './eks-cluster.js';
import type { TerraformResourceBlock } from './facts.js';
import { kubeletFromLaunchTemplate } from './kubelet.js';
import { KUBERNETES_TYPES, kubernetesFromTerraform, type TerraformModuleBlocks } from './kubernetes.js';
import { helmReleaseFromTerraform, kubectlManifestFromTerraform, kubernetesManifestFromTerraform } from './manifests.js';

export type { TerraformModuleBlocks } from './kubernetes.js';

/**
 * Turns one resolved resource block into its canonical resources; `module` gives the module's
 * other (resolved) resource blocks, for references between them.
 */
export type TerraformAdapter = (block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks) => Resource[];

/** One adapter that runs several, for a type that declares more than one canonical kind. */
export function allOf(...adapters: TerraformAdapter[]): TerraformAdapter {
  return (block, file, module) => adapters.flatMap((adapter) => adapter(block, file, module));
}

/**
 * The Terraform resource types eks-lint reads, each with its adapter: add a type here to read it
 * (`allOf(a, b)` when it declares several kinds).
 */
const ADAPTERS: Readonly<Record<string, TerraformAdapter>> = {
  aws_eks_cluster: (block, file) => [eksClusterFromTerraform(block, file)],
  // Workloads, namespaces and NetworkPolicies of the kubernetes provider (see kubernetes.ts).
  ...Object.fromEntries(KUBERNETES_TYPES.map((type) => [type, kubernetesFromTerraform])),
  // Whole manifests (any kind) and the namespace a Helm release creates (see manifests.ts).
  kubernetes_manifest: kubernetesManifestFromTerraform,
  kubectl_manifest: kubectlManifestFromTerraform,
  helm_release: helmReleaseFromTerraform,
  // The kubelet settings their user data writes (kubelet.ts).
  aws_launch_template: allOf(kubeletFromLaunchTemplate),
  aws_launch_configuration: allOf(kubeletFromLaunchTemplate),
};

/** Every other resource of the kubernetes provider: a `k8s.object`, for the namespaces it implies. */
const KUBERNETES_PROVIDER = /^kubernetes_/;

/** The adapter for a resource type, or undefined when eks-lint does not read that type. */
export function terraformAdapter(type: string): TerraformAdapter | undefined {
  if (Object.hasOwn(ADAPTERS, type)) return ADAPTERS[type];
  return KUBERNETES_PROVIDER.test(type) ? kubernetesFromTerraform : undefined;
}
