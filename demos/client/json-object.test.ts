import { describe, expect, it } from 'vitest';
import { parseJsonObject } from './json-object.ts';

describe('parseJsonObject', () => {
  it('gives the object a payload holds', () => {
    expect(parseJsonObject('{"type":"stdout","seq":3}')).toEqual({ type: 'stdout', seq: 3 });
    expect(parseJsonObject('{}')).toEqual({});
  });

  it('gives null for anything that is not a JSON object', () => {
    for (const data of ['', 'not json', '{"type":', 'null', '3', '"text"', 'true', '[]', '[{"seq":1}]']) {
      expect(parseJsonObject(data), data).toBeNull();
    }
  });
});
