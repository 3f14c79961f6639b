import { describe, expect, it } from 'vitest';
import { describeLeftovers, leftovers } from './leftovers.ts';

describe('test temp dir leftovers', () => {
  it('keeps the server temp root and tsx cache, and names everything else, sorted', () => {
    expect(leftovers(['tsx-0', 'cgo-deck-0', 'rec-test-abc', 'app-test-rec-x1'])).toEqual(['app-test-rec-x1', 'rec-test-abc']);
    expect(leftovers(['tsx-0', 'cgo-deck-1000'])).toEqual([]);
    // Only the exact cache names: a folder that merely starts like one is a leftover.
    expect(leftovers(['tsx-0-old', 'cgo-deck-0.tmp', 'cgo-deck-edited-0', 'x-tsx-0'])).toEqual(['cgo-deck-0.tmp', 'cgo-deck-edited-0', 'tsx-0-old', 'x-tsx-0']);
  });

  it('says where the leftovers are and how to fix the test', () => {
    const message = describeLeftovers('/tmp/t', ['a-1', 'b-2']);
    expect(message.split('\n').slice(0, 3)).toEqual(['npm test left 2 files in its temp dir /tmp/t:', '  a-1', '  b-2']);
    expect(message).toMatch(/makeTempDir\(\) from\ntests\/support\/temp-dir\.ts/);
    expect(describeLeftovers('/tmp/t', ['a'])).toMatch(/^npm test left 1 file in/);
  });
});
