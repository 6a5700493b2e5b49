import { describe, expect, it } from 'vitest';
import { describeCondition, describeConditions, isConditionTrue, summarizeConditions } from './describe-status';

const cond = (type: string, status: string, reason = type, message = '') => ({ type, status, reason, message, lastTransitionTime: '2026-01-01T00:00:00Z' });

describe('conditions in words', () => {
  it('names known types both ways and keeps the reason and message', () => {
    expect(describeCondition(cond('Programmed', 'True'))).toMatchObject({ label: 'Programmed', tone: 'ok' });
    expect(describeCondition(cond('ResolvedRefs', 'False', 'InvalidCertificateRef', 'secret https-cert not found'))).toMatchObject({
      label: 'References not resolved', tone: 'bad', reason: 'InvalidCertificateRef', message: 'secret https-cert not found',
    });
    expect(describeCondition(cond('Accepted', 'Unknown', 'Pending'))).toMatchObject({ label: 'Accepted: unknown', tone: 'pending' });
  });

  it('treats Conflicted as negative polarity and leaves it out of a healthy summary', () => {
    expect(describeCondition(cond('Conflicted', 'True', 'HostnameConflict'))).toMatchObject({ label: 'Conflicted', tone: 'bad' });
    const healthy = describeConditions([cond('Accepted', 'True'), cond('Programmed', 'True'), cond('Conflicted', 'False', 'NoConflicts')]);
    expect(summarizeConditions(healthy)).toEqual({ tone: 'ok', text: 'Accepted, Programmed' });
    const broken = describeConditions([cond('Accepted', 'True'), cond('Conflicted', 'True', 'HostnameConflict')]);
    expect(summarizeConditions(broken)).toEqual({ tone: 'bad', text: 'Conflicted' });
  });

  it('words unknown types from their name and survives junk', () => {
    expect(describeCondition(cond('BackendNotReady', 'False'))).toMatchObject({ label: 'Backend not ready: no', tone: 'bad' });
    expect(describeConditions([null, 3, { status: 'True' }, cond('Accepted', 'True')])).toHaveLength(1);
    expect(summarizeConditions([])).toEqual({ tone: 'neutral', text: 'No status yet' });
    expect(isConditionTrue({ conditions: [cond('Programmed', 'True')] }, 'Programmed')).toBe(true);
    expect(isConditionTrue(undefined, 'Programmed')).toBe(false);
  });
});
