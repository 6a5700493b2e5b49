import { describe, expect, it } from 'vitest';
import { certificateState } from './certificate-state';
import { isRenewalDue, renewalDueAt } from './renewal-schedule';

const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

describe('certificateState', () => {
  const c = { notBefore: at(0), notAfter: at(100 * DAY), revokedAt: null };
  it('walks through the states as time passes', () => {
    expect(certificateState(c, at(-1))).toBe('notYetValid');
    expect(certificateState(c, at(0))).toBe('valid');
    expect(certificateState(c, at(70 * DAY - 1))).toBe('valid');
    expect(certificateState(c, at(70 * DAY))).toBe('expiring30');
    expect(certificateState(c, at(93 * DAY))).toBe('expiring7');
    expect(certificateState(c, at(100 * DAY))).toBe('expiring7'); // notAfter itself is still valid
    expect(certificateState(c, at(100 * DAY + 1))).toBe('expired');
  });
  it('says revoked whatever the dates', () => {
    expect(certificateState({ ...c, revokedAt: at(1) }, at(-5))).toBe('revoked');
    expect(certificateState({ ...c, revokedAt: at(1) }, at(200 * DAY))).toBe('revoked');
  });
});

describe('auto-renew schedule', () => {
  const c = { autoRenew: true, notBefore: at(0), notAfter: at(90 * DAY), revokedAt: null, supersededById: null, renewable: true };
  it('is due at 2/3 of the lifetime, not before', () => {
    expect(renewalDueAt(c.notBefore, c.notAfter).toISOString()).toBe(at(60 * DAY).toISOString());
    expect(isRenewalDue(c, at(60 * DAY - 1))).toBe(false);
    expect(isRenewalDue(c, at(60 * DAY))).toBe(true);
    expect(isRenewalDue(c, at(200 * DAY))).toBe(true);
  });
  it('never renews what is off, revoked, superseded or not renewable', () => {
    const late = at(80 * DAY);
    expect(isRenewalDue({ ...c, autoRenew: false }, late)).toBe(false);
    expect(isRenewalDue({ ...c, revokedAt: at(1) }, late)).toBe(false);
    expect(isRenewalDue({ ...c, supersededById: 'x' }, late)).toBe(false);
    expect(isRenewalDue({ ...c, renewable: false }, late)).toBe(false);
  });
});
