import { describe, expect, it } from 'vitest';
import { countSessions, describePasswordChanged, describeSession, describeSessionsEnded, describeUserAgent } from './describe-session';

describe('sessions in words', () => {
  it('names the browser and the system', () => {
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36')).toBe('Chrome on Linux');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.0.0 Chrome/120.0.0.0 Safari/537.36')).toBe('Chromium on Linux');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.0.0 Safari/537.36')).toBe('Headless Chrome on Linux');
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on macOS');
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('Safari on macOS');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1')).toBe('Chrome on iOS');
    expect(describeUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0')).toBe('Edge on Windows');
    expect(describeUserAgent('Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('Chrome on ChromeOS');
  });

  it('shows scripts by their product and says when it cannot tell', () => {
    expect(describeUserAgent('curl/8.5.0')).toBe('curl 8.5.0');
    expect(describeUserAgent('Playwright/1.56.0 (x64; debian 12) node/22.0')).toBe('Playwright 1.56.0');
    expect(describeUserAgent('vitest')).toBe('vitest');
    expect(describeUserAgent('')).toBe('an unknown browser');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) Something/1')).toBe('a browser on Linux');
  });

  it('marks this device and counts what ended', () => {
    expect(describeSession({ userAgent: 'curl/8.5.0', current: true })).toEqual({ title: 'curl 8.5.0', note: 'this device' });
    expect(describeSession({ userAgent: 'curl/8.5.0', current: false }).note).toBeNull();
    expect(describeSessionsEnded(0)).toBe('No other session was signed in.');
    expect(describeSessionsEnded(1)).toBe('1 other session was signed out.');
    expect(describeSessionsEnded(3)).toBe('3 other sessions were signed out.');
    expect(describeSessionsEnded(2, false)).toBe('2 sessions were signed out.');
    expect(describePasswordChanged(1)).toBe('Password changed. 1 other session was signed out. This session stays signed in.');
    expect(countSessions(0)).toBe('no active session');
    expect(countSessions(1)).toBe('1 active session');
  });
});
