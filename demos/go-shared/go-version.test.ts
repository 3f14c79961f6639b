import { describe, expect, it } from 'vitest';
import { goVersionLabel } from './go-version.ts';

describe('goVersionLabel', () => {
  it('spells every form as `go version` does', () => {
    expect(goVersionLabel('1.26.8')).toBe('go1.26.8');
    expect(goVersionLabel('go1.26.8')).toBe('go1.26.8');
    expect(goVersionLabel('go version go1.22rc1 linux/amd64')).toBe('go1.22rc1');
    expect(goVersionLabel(undefined)).toBe('go (unknown version)');
  });
});
