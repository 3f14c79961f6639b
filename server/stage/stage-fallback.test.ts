import { describe, expect, it } from 'vitest';
import { checkStageFallback } from './stage-fallback.ts';

const demos = new Set(['preemption', 'threads-in-c']);
const knowsDemo = (id: string): boolean => demos.has(id);

describe('checkStageFallback', () => {
  it('takes a demo of the server and one of its recording keys', () => {
    expect(checkStageFallback({ demo: 'preemption', key: 'preemption' }, knowsDemo)).toEqual({ ok: true, fallback: { demo: 'preemption', key: 'preemption' } });
    expect(checkStageFallback({ demo: 'threads-in-c', key: 'threads-in-c--variant-max-threads' }, knowsDemo)).toEqual({
      ok: true,
      fallback: { demo: 'threads-in-c', key: 'threads-in-c--variant-max-threads' },
    });
  });

  it('names what is wrong', () => {
    const issues = (body: unknown): string[] => {
      const check = checkStageFallback(body, knowsDemo);
      return check.ok ? [] : check.issues;
    };
    expect(issues({ demo: 'nope', key: 'nope' })).toEqual(['demo: no demo "nope" on this server']);
    expect(issues({ demo: 'preemption', key: 'threads-in-c' })).toEqual(['key: "threads-in-c" is not a recording key of preemption']);
    expect(issues({ demo: 'preemption', key: '../preemption' })).toEqual(['key: "../preemption" is not a recording key of preemption']);
    expect(issues({ demo: 'preemption', key: 'preemption-x' })).toEqual(['key: "preemption-x" is not a recording key of preemption']);
    expect(issues({ demo: 'preemption' })[0]).toMatch(/^key: /);
    expect(issues({ demo: '', key: 'preemption' })[0]).toMatch(/^demo: /);
    expect(issues({ demo: 'preemption', key: 'preemption', extra: 1 })[0]).toMatch(/extra/);
    expect(issues(null)).toHaveLength(1);
  });
});
