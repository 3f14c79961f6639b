/** Tests of the deck and demo name rules: every refusal names the name and says why. */
import { describe, expect, it } from 'vitest';
import { checkName, maxNameLength, nameError, reservedNames } from './names.ts';

describe('checkName', () => {
  it('accepts lowercase words and digits joined by single dashes', () => {
    for (const name of ['my-talk', 'ffi', 'go-1-25', '2024-gophers', 'a'.repeat(maxNameLength)]) {
      expect(checkName('deck', name)).toEqual({ ok: true, name });
      expect(nameError('demo', name)).toBeUndefined();
    }
  });

  it.each([
    ['', 'deck name "": empty; give a name such as "my-talk"'],
    ['   ', 'deck name "   ": only spaces; give a name such as "my-talk"'],
    ['MyTalk', 'deck name "MyTalk": has uppercase letters; use lowercase ("my-talk")'],
    ['my talk', 'deck name "my talk": contains a space; join words with dashes ("my-talk")'],
    ['My Talk', 'deck name "My Talk": contains a space; join words with dashes ("my-talk")'],
    ['team/talk', 'deck name "team/talk": contains "/"; a name is one folder, not a path'],
    ['team\\talk', 'deck name "team\\\\talk": contains "\\\\"; a name is one folder, not a path'],
    ['..', 'deck name "..": contains ".."; a name is one folder and may not climb out of it'],
    ['../etc', 'deck name "../etc": contains ".."; a name is one folder and may not climb out of it'],
    ['-rf', 'deck name "-rf": starts with "-", which reads as an option on the command line'],
    ['talk-', 'deck name "talk-": ends with "-"; end with a letter or digit'],
    ['my--talk', 'deck name "my--talk": contains "--", which separates a demo from its params in recording keys'],
    ['my_talk', 'deck name "my_talk": contains "_"; use lowercase letters, digits and single dashes'],
    ['talk.v2', 'deck name "talk.v2": contains "."; use lowercase letters, digits and single dashes'],
    ['é', 'deck name "é": contains "é"; use lowercase letters, digits and single dashes'],
  ])('refuses the malformed %j', (name, message) => {
    expect(checkName('deck', name)).toEqual({ ok: false, message });
  });

  it('refuses a name one character too long, saying its length and the limit', () => {
    const name = 'a'.repeat(maxNameLength + 1);
    expect(nameError('demo', name)).toBe(`demo name "${name}": ${maxNameLength + 1} characters long; at most ${maxNameLength}`);
  });

  it.each(['decks', 'assets', 'api', 'runtime', 'shared-theme', 'compiler', 'remote', 'recordings', 'client', 'stats'])(
    'refuses the reserved %j with its reason',
    (name) => {
      expect(nameError('deck', name)).toBe(`deck name "${name}": reserved: ${reservedNames.get(name)}`);
      expect(reservedNames.get(name)).toMatch(/\S{3}/);
    },
  );

  it('says why api is reserved', () => {
    expect(nameError('demo', 'api')).toBe('demo name "api": reserved: /api is the demo server’s API');
  });

  it('refuses a name that exists, pointing at its folder', () => {
    expect(nameError('deck', 'why-cgo-is-slow', ['lightning', 'why-cgo-is-slow'])).toBe(
      'deck name "why-cgo-is-slow": exists already (slides/why-cgo-is-slow/); pick another name',
    );
    expect(nameError('demo', 'stack-growth', new Set(['stack-growth']))).toBe(
      'demo name "stack-growth": exists already (demos/stack-growth/); pick another name',
    );
    expect(nameError('demo', 'stack-growth-2', ['stack-growth'])).toBeUndefined();
  });

  it('reports a malformed name as malformed even when the same text exists', () => {
    expect(nameError('deck', 'My', ['My'])).toBe('deck name "My": has uppercase letters; use lowercase ("my")');
  });
});

describe('checkName with a map of existing names', () => {
  it('shows where the taken name is', () => {
    const taken = new Map([['ffi', 'native/ffi/']]);
    expect(nameError('demo', 'ffi', taken)).toBe('demo name "ffi": exists already (native/ffi/); pick another name');
    expect(nameError('demo', 'ffi-2', taken)).toBeUndefined();
  });
});
