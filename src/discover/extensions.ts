/** File kinds eks-lint reads, by name. YAML and JSON are then classified by content. */
export type SourceSyntax = 'hcl' | 'terraform-json' | 'yaml';

export const SCANNED_EXTENSIONS = ['tf', 'tfvars', 'tf.json', 'tfvars.json', 'yaml', 'yml', 'json', 'template'] as const;

export function syntaxOf(file: string): SourceSyntax | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.tf') || name.endsWith('.tfvars')) return 'hcl';
  if (name.endsWith('.tf.json') || name.endsWith('.tfvars.json')) return 'terraform-json';
  if (/\.(ya?ml|json|template)$/.test(name)) return 'yaml';
  return undefined;
}

export function isTfvars(file: string): boolean {
  return /\.tfvars(\.json)?$/i.test(file);
}
