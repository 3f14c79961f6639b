import { describe, expect, it } from 'vitest';
import { formatEventLine, parseParamArg } from './format-event.ts';

describe('demo CLI formatting', () => {
  it('parses params as JSON when they parse, else as strings', () => {
    expect(parseParamArg('n=5')).toEqual(['n', 5]);
    expect(parseParamArg('flag=true')).toEqual(['flag', true]);
    // A param whose schema wants text keeps it as typed: 1.20 is a Go release, not 1.2.
    expect(parseParamArg('releases=1.20', new Set(['releases']))).toEqual(['releases', '1.20']);
    expect(parseParamArg('n=1.20', new Set(['releases']))).toEqual(['n', 1.2]);
    expect(parseParamArg('xs=[1,2]')).toEqual(['xs', [1, 2]]);
    expect(parseParamArg('direction=go-to-c')).toEqual(['direction', 'go-to-c']);
    expect(parseParamArg('eq=a=b')).toEqual(['eq', 'a=b']);
    expect(parseParamArg('empty=')).toEqual(['empty', '']);
    expect(() => parseParamArg('novalue')).toThrow(/key=value/);
    expect(() => parseParamArg('=x')).toThrow(/key=value/);
  });

  it('formats events as one readable line', () => {
    expect(formatEventLine({ type: 'sample', key: 'c', values: { durationNs: 3 }, seq: 3, tMs: 1500 })).toBe('   1.500s  sample c: durationNs=3');
    expect(formatEventLine({ type: 'stderr', text: 'boom\n', source: 'go', seq: 4, tMs: 0 })).toBe('   0.000s  go! boom');
    expect(formatEventLine({ type: 'end', outcome: 'ok', durationMs: 2000, seq: 5, tMs: 2000 })).toBe('   2.000s  end: ok after 2.00 s');
    expect(formatEventLine({ type: 'result', data: { s: 'x'.repeat(1000) }, seq: 6, tMs: 0 })).toMatch(/more characters; --json shows all\)$/);
    expect(formatEventLine({ type: 'error', code: 'build-failed', message: 'no', detail: 'a\nb', seq: 7, tMs: 0 })).toContain('| b');
  });
});
