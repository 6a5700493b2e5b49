import { describe, expect, it } from 'vitest';
import { describeRoleChange, roleWithArticle } from './describe-role-change';

const vera = { username: 'vera', displayName: 'Vera Viewer' };

describe('role changes in words', () => {
  it('names the person, the old and the new role, and what they gain', () => {
    const w = describeRoleChange(vera, 'viewer', 'editor', false);
    expect(w.title).toBe('Change the role of Vera Viewer?');
    expect(w.summary).toBe('Vera Viewer (vera) is a Viewer now and becomes an Editor.');
    expect(w.gains).toEqual(['Vera Viewer may change resources', 'Vera Viewer may change certificates', 'Vera Viewer may plan and push to clusters']);
    expect(w.losses).toEqual([]);
    expect(w.effect).toBe('Vera Viewer stays signed in; open sessions get the new role with their next request.');
    expect(w.confirm).toBe('Make vera an Editor');
  });

  it('lists what a demotion takes away', () => {
    const w = describeRoleChange({ username: 'ada', displayName: '' }, 'admin', 'viewer', false);
    expect(w.summary).toBe('ada is an Administrator now and becomes a Viewer.');
    expect(w.gains).toEqual([]);
    expect(w.losses).toContain('ada may no longer manage API tokens and users');
    expect(w.losses).toContain('ada may no longer read Secret values');
    expect(w.losses).toContain('ada may no longer change resources');
    expect(w.losses).not.toContain('ada may no longer read resources');
  });

  it('warns administrators who demote themselves', () => {
    const w = describeRoleChange({ username: 'ada', displayName: 'Ada Admin' }, 'admin', 'editor', true);
    expect(w.summary).toBe('You are an Administrator now and become an Editor.');
    expect(w.losses[0]).toMatch(/^You may no longer /);
    expect(w.effect).toMatch(/you can no longer manage accounts or API tokens/);
    expect(w.confirm).toBe('Make me an Editor');
  });
});

describe('roles with their article', () => {
  it('reads naturally', () => {
    expect(roleWithArticle('admin')).toBe('an Administrator');
    expect(roleWithArticle('viewer')).toBe('a Viewer');
  });
});
