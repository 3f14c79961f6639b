import { describe, expect, it } from 'vitest';
import { cancelGuardMs, createCancelGuard } from './cancel-guard.ts';

describe('createCancelGuard', () => {
  it('allows a cancel when nothing was started', () => {
    const guard = createCancelGuard();
    expect(guard.allows(0)).toBe(true);
    expect(guard.remainingMs(0)).toBe(0);
  });

  it('refuses a cancel within the guard after a start, the second click of a double click included', () => {
    const guard = createCancelGuard(800);
    guard.started(10_000);
    expect(guard.allows(10_000)).toBe(false);
    expect(guard.allows(10_500)).toBe(false);
    expect(guard.remainingMs(10_500)).toBe(300);
    expect(guard.allows(10_799)).toBe(false);
    expect(guard.allows(10_800)).toBe(true);
    expect(guard.remainingMs(11_000)).toBe(0);
  });

  it('holds again after a new start', () => {
    const guard = createCancelGuard(800);
    guard.started(0);
    expect(guard.allows(5_000)).toBe(true);
    guard.started(5_000);
    expect(guard.allows(5_100)).toBe(false);
  });

  it('outlasts a double click', () => {
    expect(cancelGuardMs).toBeGreaterThan(500);
  });
});
