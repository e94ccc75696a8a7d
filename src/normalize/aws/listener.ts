/**
 * Elastic Load Balancing v2 listeners → canonical `elb.listener` (docs/canonical-model.md), the
 * same for every format: each adapter reads its own fields and hands them over here.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, pointer, unknown, type Unknown } from '../../model/resource.js';
import type { Field, Fields } from '../fields.js';

/** Default action types only an Application Load Balancer's listener can have: it is one. */
export const APPLICATION_ONLY_ACTIONS: ReadonlySet<string> = new Set(['redirect', 'fixed-response', 'authenticate-oidc', 'authenticate-cognito']);

/** One default action as read: its type and, for a redirect, the protocol it redirects to. */
export interface ListenerAction {
  at: Range;
  type?: Field<string>;
  /** The `redirect` block / `RedirectConfig`, when written (its protocol may be left out). */
  redirect?: { at: Range; protocol?: Field<string> } | { at: Range; unknown: Unknown };
  unknown?: Unknown;
}

export interface ListenerFields {
  protocol?: Field<string>;
  /** What an unset protocol means, and where a finding about it goes: decided by the adapter. */
  protocolDefault: { value: string | Unknown; at: Range };
  port?: Field<unknown>;
  actions: ListenerAction[] | Field<Unknown>;
  actionsAt: Range;
  certificateArn?: Field<string>;
  sslPolicy?: Field<string>;
  header: Range;
}

const upper = (value: string | Unknown): string | Unknown => (isUnknown(value) ? value : value.toUpperCase());

/**
 * Writes the canonical fields. Protocols are upper-cased as the APIs store them; a redirect that
 * leaves its protocol out keeps the request's (`#{protocol}`), so it stays on HTTP.
 */
export function writeListener(fields: Fields, read: ListenerFields): void {
  fields.set(['protocol'], read.protocol ? upper(read.protocol.value) : read.protocolDefault.value, read.protocol?.range ?? read.protocolDefault.at);
  fields.set(['port'], read.port?.value ?? null, read.port?.range ?? read.header);
  fields.set(['certificateArn'], read.certificateArn?.value ?? null, read.certificateArn?.range ?? read.header);
  fields.set(['sslPolicy'], read.sslPolicy?.value ?? null, read.sslPolicy?.range ?? read.header);
  if (!Array.isArray(read.actions)) {
    fields.set(['defaultActions'], read.actions.value, read.actions.range);
    return;
  }
  const actions = read.actions.map((action, i) => {
    const at = pointer('defaultActions', i);
    fields.locations[at] = action.at;
    if (action.unknown) return action.unknown;
    fields.locations[`${at}/type`] = action.type?.range ?? action.at;
    const type = action.type === undefined ? unknown('the action type is not set') : isUnknown(action.type.value) ? action.type.value : action.type.value.toLowerCase();
    if (action.redirect === undefined) return { type, redirectProtocol: null };
    fields.locations[`${at}/redirectProtocol`] = 'unknown' in action.redirect ? action.redirect.at : (action.redirect.protocol?.range ?? action.redirect.at);
    const redirectProtocol = 'unknown' in action.redirect ? action.redirect.unknown : action.redirect.protocol ? upper(action.redirect.protocol.value) : '#{protocol}';
    return { type, redirectProtocol };
  });
  fields.set(['defaultActions'], actions, read.actionsAt);
}

/** Whether the default actions show the listener is an Application Load Balancer's. */
export function hasApplicationOnlyAction(actions: ListenerAction[] | Field<Unknown>): boolean {
  return Array.isArray(actions) && actions.some((a) => typeof a.type?.value === 'string' && APPLICATION_ONLY_ACTIONS.has(a.type.value.toLowerCase()));
}
