/**
 * AWS managed policy ARNs, written in every partition's form. An AWS managed policy is the same
 * policy in every partition (`aws`, `aws-cn`, `aws-us-gov`), so the ARN is read with the
 * partition as `aws`, which also makes `arn:${partition}:iam::aws:policy/X` known.
 */
import type { PNode } from '../../model/tree.js';

const AWS_MANAGED = /^arn:aws(?:-[a-z-]+)?:iam::aws:policy\/(.+)$/;

/** `arn:aws-cn:iam::aws:policy/X` → `arn:aws:iam::aws:policy/X`; any other ARN as written. */
export function canonicalPolicyArn(arn: string): string {
  const managed = AWS_MANAGED.exec(arn);
  return managed ? `arn:aws:iam::aws:policy/${managed[1]}` : arn;
}

/** A Terraform template whose one interpolation is the partition: `"arn:${data.aws_partition.current.partition}:iam::aws:policy/X"`. */
const TERRAFORM_PARTITION_TEMPLATE = /^"arn:\$\{[^{}"]+\}:iam::aws:policy\/([\w+=,.@/-]+)"$/;

/** The AWS managed policy a Terraform expression names with only its partition unknown, else undefined. */
export function managedPolicyOfTemplate(text: string): string | undefined {
  const match = TERRAFORM_PARTITION_TEMPLATE.exec(text.trim());
  return match ? `arn:aws:iam::aws:policy/${match[1]}` : undefined;
}

const PARTITION = 'AWS::Partition';

/**
 * A CloudFormation value with `AWS::Partition` taken as `aws` (`!Ref AWS::Partition`,
 * `${AWS::Partition}` in `!Sub`), for reading managed policy ARNs only.
 */
export function withAwsPartition(node: PNode): PNode {
  switch (node.type) {
    case 'scalar':
      return typeof node.value === 'string' && node.value.includes(`\${${PARTITION}}`) ? { ...node, value: node.value.split(`\${${PARTITION}}`).join('aws') } : node;
    case 'expr':
      return node;
    case 'seq':
      return { ...node, items: node.items.map(withAwsPartition) };
    case 'map': {
      const [only] = node.entries;
      if (node.entries.length === 1 && only?.key === 'Ref' && only.value.type === 'scalar' && only.value.value === PARTITION) {
        return { type: 'scalar', value: 'aws', range: node.range };
      }
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: withAwsPartition(e.value) })) };
    }
  }
}
