/**
 * What IAM adapters of every format write: the managed policies and statements a role, policy or
 * attachment carries, each located, and the edges to documents and policies written elsewhere
 * (a Terraform `aws_iam_policy_document`, a customer managed policy), which the graph follows
 * (src/graph/iam-roles.ts). docs/canonical-model.md, `iam.role`.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, pointer, type Reference, type Unknown } from '../../model/resource.js';
import type { Locations } from '../plain.js';
import { canonicalStatements, type DocumentRead } from './policy-document.js';

export class IamGrants {
  readonly policies: unknown[] = [];
  readonly statements: unknown[] = [];
  readonly locations: Locations = {};
  readonly references: Reference[] = [];
  private documents = 0;

  /** A managed policy ARN (canonical), or an unknown; `to` when it names a policy of the same file or module. */
  addPolicy(arn: string | Unknown, range: Range, to?: Pick<Reference, 'to' | 'attribute'>): void {
    const at = `/policies${pointer(this.policies.length)}`;
    this.policies.push(arn);
    this.locations[at] = range;
    if (to) this.references.push({ from: at, ...to });
  }

  /** The statements of a document read in place; an unknown document stands as one unknown statement. */
  addDocument(document: DocumentRead, range: Range): void {
    if (isUnknown(document)) {
      this.locations[`/statements${pointer(this.statements.length)}`] = range;
      this.statements.push(document);
      return;
    }
    const local: Locations = {};
    const added = canonicalStatements(document, '', local);
    const offset = this.statements.length;
    for (const [p, r] of Object.entries(local)) {
      const [, index, ...rest] = p.split('/');
      this.locations[`/statements/${Number(index) + offset}${rest.length > 0 ? `/${rest.join('/')}` : ''}`] = r;
    }
    this.statements.push(...added);
  }

  /** A document written elsewhere (`data.aws_iam_policy_document.x.json`): its statements join in the graph. */
  addDocumentReference(to: Pick<Reference, 'to' | 'attribute'>): void {
    this.references.push({ from: `/documents${pointer(this.documents++)}`, ...to });
  }

  props(): { policies: unknown[]; statements: unknown[] } {
    return { policies: this.policies, statements: this.statements };
  }
}
