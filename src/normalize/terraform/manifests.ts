/**
 * Terraform resources that carry whole Kubernetes manifests: `kubernetes_manifest` (an HCL object
 * in `manifest = {...}`) and `kubectl_manifest` (YAML text in `yaml_body`). Each becomes the
 * canonical resources of the object it describes, whatever its kind, through the same builder as
 * a manifest file, named by the Terraform address. `helm_release` is not rendered; when it creates
 * its namespace (`create_namespace = true`), that namespace is declared.
 */
import type { Problem } from '../../model/finding.js';
import { SKIPPED_FILE } from '../../model/finding.js';
import type { Range } from '../../model/range.js';
import type { Resource } from '../../model/resource.js';
import type { PMap, PNode } from '../../model/tree.js';
import { parseEmbeddedYaml } from '../embedded-yaml.js';
import { manifestResources } from '../kubernetes.js';
import { entryRange } from '../plain.js';
import { setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';

export function kubernetesManifestFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const manifest = setArgument(block.body, 'manifest')?.value;
  if (manifest?.type !== 'map') return [];
  return manifestResources({ file, format: 'terraform', address: `${block.type}.${block.name}`, budget: module.embeddedBudget }, [manifest]);
}

/**
 * `yaml_body` parsed as YAML, its positions placed in the `.tf` file (a heredoc's lines follow its
 * `<<EOF` line). `override_namespace` replaces the manifest's namespace, as the provider does.
 */
export function kubectlManifestFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const body = setArgument(block.body, 'yaml_body');
  if (body?.value.type !== 'scalar' || typeof body.value.value !== 'string') return [];
  const parsed = parseEmbeddedYaml(body.value.value, entryRange(body), module.embeddedBudget);
  if (!parsed.clean) return [];
  const override = setArgument(block.body, 'override_namespace');
  const documents = override ? parsed.documents.map((d) => (d?.type === 'map' ? withNamespace(d, override.value, entryRange(override)) : d)) : parsed.documents;
  return manifestResources({ file, format: 'terraform', address: `${block.type}.${block.name}`, budget: module.embeddedBudget }, documents);
}

/** A copy of an object whose `metadata.namespace` is `namespace`, written at `at`. */
function withNamespace(map: PMap, namespace: PNode, at: Range): PMap {
  const namespaceEntry = { key: 'namespace', keyRange: at, value: { ...namespace, range: at } };
  const hasMetadata = map.entries.some((e) => e.key === 'metadata' && e.value.type === 'map');
  if (!hasMetadata) return map;
  return {
    ...map,
    entries: map.entries.map((e) =>
      e.key === 'metadata' && e.value.type === 'map'
        ? { ...e, value: { ...e.value, entries: [...e.value.entries.filter((m) => m.key !== 'namespace'), namespaceEntry] } }
        : e,
    ),
  };
}

/** The namespace a `helm_release` creates with `create_namespace = true`, declared without labels. */
export function helmReleaseFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const create = setArgument(block.body, 'create_namespace');
  const creates = create?.value.type === 'scalar' && (create.value.value === true || create.value.value === 'true');
  const namespace = setArgument(block.body, 'namespace');
  if (!creates || !create || namespace?.value.type !== 'scalar' || typeof namespace.value.value !== 'string') return [];
  const at = entryRange(namespace);
  return [
    {
      kind: 'k8s.namespace',
      name: `${block.type}.${block.name}`,
      format: 'terraform',
      file,
      range: at,
      // The helm provider creates a bare namespace: no labels, hence no Pod Security Admission label.
      props: { name: namespace.value.value, declared: true, hasNetworkPolicy: false, labels: {} },
      locations: { '/name': at, '/declared': at, '/hasNetworkPolicy': at, '/labels': entryRange(create) },
    },
  ];
}

/** One note per file that has `helm_release` resources: their charts' objects are not analysed. */
export function helmReleaseNote(body: PMap): Problem | undefined {
  const release = body.entries.find((e) => e.key === 'resource' && e.value.type === 'map' && e.value.labels?.[0] === 'helm_release');
  if (!release) return undefined;
  return {
    ruleId: SKIPPED_FILE,
    severity: 'info',
    message: 'helm_release is not rendered: the objects of its chart are not analysed (render it with helm template and lint the output)',
    range: release.keyRange,
  };
}
