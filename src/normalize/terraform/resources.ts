import type { Resource } from '../../model/resource.js';
import { ecrRegistryScanningFromTerraform, ecrRepositoryFromTerraform, ecrRepositoryPolicyFromTerraform } from './ecr.js';
import { eksAccessPolicyFromTerraform, eksAddonFromTerraform, helmReleaseFactsFromTerraform, oidcProviderFromTerraform } from './eks-addons.js';
import { eksClusterFromTerraform } from './eks-cluster.js';
import { kmsKeyFromTerraform } from './kms.js';
import type { TerraformResourceBlock } from './facts.js';
import { securityGroupFromTerraform, securityGroupRuleFromTerraform, vpcIngressRuleFromTerraform } from './security-groups.js';
import { kubeletFromLaunchTemplate } from './kubelet.js';
import { ebsDefaultsFromTerraform, instanceFromTerraform, launchConfigurationFromTerraform, launchTemplateFromTerraform } from './launch-templates.js';
import { KUBERNETES_TYPES, kubernetesFromTerraform, type TerraformModuleBlocks } from './kubernetes.js';
import { lbListenerFromTerraform } from './lb-listeners.js';
import { autoScalingGroupFromTerraform, eksNodeGroupFromTerraform } from './node-groups.js';
import { subnetFromTerraform } from './subnets.js';
import { IAM_ADAPTERS } from './iam.js';
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
  aws_eks_cluster: (block, file, module) => [eksClusterFromTerraform(block, file, module)],
  aws_ecr_repository: ecrRepositoryFromTerraform,
  aws_ecr_repository_policy: ecrRepositoryPolicyFromTerraform,
  aws_ecr_registry_scanning_configuration: ecrRegistryScanningFromTerraform,
  aws_kms_key: kmsKeyFromTerraform,
  // Declares nothing itself; read so that a cluster naming an alias reaches the key (eks-cluster.ts).
  aws_kms_alias: () => [],
  // Launch templates (launch-templates.ts) and the kubelet settings their user data writes (kubelet.ts).
  aws_launch_template: allOf(launchTemplateFromTerraform, kubeletFromLaunchTemplate),
  aws_launch_configuration: allOf(launchConfigurationFromTerraform, kubeletFromLaunchTemplate),
  aws_instance: allOf(instanceFromTerraform, kubeletFromLaunchTemplate),
  aws_ebs_encryption_by_default: ebsDefaultsFromTerraform,
  aws_eks_node_group: eksNodeGroupFromTerraform,
  aws_autoscaling_group: autoScalingGroupFromTerraform,
  aws_subnet: subnetFromTerraform,
  // Workloads, namespaces and NetworkPolicies of the kubernetes provider (see kubernetes.ts).
  ...Object.fromEntries(KUBERNETES_TYPES.map((type) => [type, kubernetesFromTerraform])),
  // Whole manifests (any kind) and the namespace a Helm release creates (see manifests.ts).
  kubernetes_manifest: kubernetesManifestFromTerraform,
  kubectl_manifest: kubectlManifestFromTerraform,
  helm_release: allOf(helmReleaseFromTerraform, helmReleaseFactsFromTerraform),
  // Security groups and their ingress rules, load balancer listeners (see security-groups.ts, lb-listeners.ts).
  aws_security_group: securityGroupFromTerraform,
  aws_default_security_group: securityGroupFromTerraform,
  aws_security_group_rule: securityGroupRuleFromTerraform,
  aws_vpc_security_group_ingress_rule: vpcIngressRuleFromTerraform,
  aws_lb_listener: lbListenerFromTerraform,
  aws_alb_listener: lbListenerFromTerraform,
  // No canonical kind of their own: kept so that a listener can read its load balancer's type.
  aws_lb: () => [],
  aws_alb: () => [],
  // IAM roles and what attaches policies to them; data sources are typed `data.<type>` (see iam.ts).
  ...IAM_ADAPTERS,
  aws_eks_addon: eksAddonFromTerraform,
  aws_eks_access_policy_association: eksAccessPolicyFromTerraform,
  aws_iam_openid_connect_provider: oidcProviderFromTerraform,
};

/** Every other resource of the kubernetes provider: a `k8s.object`, for the namespaces it implies. */
const KUBERNETES_PROVIDER = /^kubernetes_/;

/** The adapter for a resource type, or undefined when eks-lint does not read that type. */
export function terraformAdapter(type: string): TerraformAdapter | undefined {
  if (Object.hasOwn(ADAPTERS, type)) return ADAPTERS[type];
  return KUBERNETES_PROVIDER.test(type) ? kubernetesFromTerraform : undefined;
}
