import { describe, expect, it } from 'vitest';
import { deckApiUrl, deckPathOf } from './deck-api-path.ts';

const decks = new Set(['cgo-lightning', 'talk2']);
const isDeck = (name: string): boolean => decks.has(name);

describe('deckApiUrl', () => {
  it("answers a deck's ./api/ requests as the site's /api/", () => {
    expect(deckApiUrl('/cgo-lightning/api/health', isDeck)).toBe('/api/health');
    expect(deckApiUrl('/talk2/api/runs/r1/events?after=3', isDeck)).toBe('/api/runs/r1/events?after=3');
    expect(deckApiUrl('/talk2/api?x=1', isDeck)).toBe('/api?x=1');
    expect(deckApiUrl('/talk2/api', isDeck)).toBe('/api');
  });

  it('leaves every other URL alone', () => {
    expect(deckApiUrl('/api/health', isDeck)).toBe('/api/health');
    expect(deckApiUrl('/cgo-lightning/', isDeck)).toBe('/cgo-lightning/');
    expect(deckApiUrl('/cgo-lightning/apix/health', isDeck)).toBe('/cgo-lightning/apix/health');
    expect(deckApiUrl('/cgo-lightning/assets/api/x.js', isDeck)).toBe('/cgo-lightning/assets/api/x.js');
    // Not a deck of the site: no detour to the API.
    expect(deckApiUrl('/decks/api/health', isDeck)).toBe('/decks/api/health');
    expect(deckApiUrl('/a/b/api/health', isDeck)).toBe('/a/b/api/health');
    expect(deckApiUrl('/../api/health', isDeck)).toBe('/../api/health');
    expect(deckApiUrl('/Talk2/api/health', isDeck)).toBe('/Talk2/api/health');
  });
});

describe('deckPathOf', () => {
  it("names the page of the deck an API request came from", () => {
    expect(deckPathOf('/cgo-lightning/api/remote/tokens')).toBe('/cgo-lightning/');
    expect(deckPathOf('/talk2/api/stage/events?after=3')).toBe('/talk2/');
    expect(deckPathOf('/talk2/api?x=1')).toBe('/talk2/');
    expect(deckPathOf('/api/remote/tokens')).toBe('/');
    expect(deckPathOf('/api/stage')).toBe('/');
    expect(deckPathOf('/a/b/api/remote/tokens')).toBe('/');
    expect(deckPathOf('/cgo-lightning/apix/stage')).toBe('/');
  });
});
