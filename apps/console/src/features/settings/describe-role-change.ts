import { describePermission, permissionsOf } from '../../server/auth/principal';
import type { UserRole } from '../../server/auth/user.schema';
import { ROLE_DESCRIPTIONS } from './roles';

export interface RoleChangeWords {
  /** "Change the role of Vera Viewer?" */
  title: string;
  /** "Vera Viewer (vera) is a Viewer now and becomes an Editor." */
  summary: string;
  /** "may now: change resources, …" — empty when nothing is gained. */
  gains: string[];
  losses: string[];
  /** When it takes effect, and for your own account what you lose at once. */
  effect: string;
  /** The confirm button: "Make vera an Editor". */
  confirm: string;
}

const article = (label: string) => (/^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`);

/** "an Editor", "a Viewer". */
export function roleWithArticle(role: UserRole): string {
  return article(ROLE_DESCRIPTIONS[role].label);
}

/**
 * What a role change means for the person, from the same grants the server enforces (auth/principal.ts): what
 * they may do from then on and what they may no longer do. The dialog that confirms a role change shows it.
 */
export function describeRoleChange(user: { username: string; displayName: string }, from: UserRole, to: UserRole, self: boolean): RoleChangeWords {
  const name = user.displayName || user.username;
  const [fromLabel, toLabel] = [ROLE_DESCRIPTIONS[from].label, ROLE_DESCRIPTIONS[to].label];
  const before = new Set(permissionsOf(from));
  const after = new Set(permissionsOf(to));
  const gains = permissionsOf(to).filter((p) => !before.has(p)).map(describePermission);
  const losses = permissionsOf(from).filter((p) => !after.has(p)).map(describePermission);
  const who = self ? 'You' : name;
  const effect = self
    ? `This is your own account: the change applies to your next request${from === 'admin' && to !== 'admin' ? ', and you can no longer manage accounts or API tokens (another administrator would have to give the role back)' : ''}.`
    : `${name} stays signed in; open sessions get the new role with their next request.`;
  return {
    title: `Change the role of ${name}?`,
    summary: `${self ? 'You are' : `${name}${user.displayName ? ` (${user.username})` : ''} is`} ${article(fromLabel)} now and ${self ? 'become' : 'becomes'} ${article(toLabel)}.`,
    gains: gains.map((g) => `${who} may ${g}`),
    losses: losses.map((l) => `${who} may no longer ${l}`),
    effect,
    confirm: `Make ${self ? 'me' : user.username} ${article(toLabel)}`,
  };
}
