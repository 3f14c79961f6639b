import { describe, expect, it } from 'vitest';
import { parseGoVersion, parseReleaseList, parseReleaseSelection, releaseList, resolveReleases, type ReleaseRequest } from './release-list.ts';

const list = parseReleaseList({
  releases: [
    { version: 'go1.10.8', zipBytes: 100 },
    { version: 'go1.20.14' },
    { version: 'go1.25.14', note: 'newest 1.25' },
  ],
});

const versionsOf = (requests: ReleaseRequest[]): string[] =>
  requests.map((r) => (r.kind === 'listed' ? r.release.version : `installed${r.minor === undefined ? '' : `:1.${r.minor}`}${r.version ? `:${r.version}` : ''}`));

function selection(text: string): string[] | string {
  const result = parseReleaseSelection(text, list);
  return result.ok ? versionsOf(result.requests) : result.message;
}

describe('the checked-in release list', () => {
  it('holds the issue’s exact versions, oldest first, the installed Go not among them', () => {
    expect(releaseList.map((r) => r.version)).toEqual([
      'go1.10.8', 'go1.12.17', 'go1.14.15', 'go1.16.15', 'go1.18.10', 'go1.20.14', 'go1.22.12', 'go1.24.13', 'go1.25.14',
    ]);
    expect(releaseList.every((r) => (r.zipBytes ?? 0) > 10_000_000)).toBe(true);
  });
});

describe('parseReleaseList', () => {
  it('reads versions into minor and patch', () => {
    expect(list[0]).toEqual({ version: 'go1.10.8', minor: 10, patch: 8, zipBytes: 100 });
    expect(list[2]?.note).toBe('newest 1.25');
  });

  it('refuses entries that are not exact, out of order, or of a repeated minor', () => {
    expect(() => parseReleaseList({ releases: [] })).toThrow(/non-empty/);
    expect(() => parseReleaseList({ releases: [{ version: 'go1.20' }] })).toThrow(/entry 1: "go1.20" is not an exact release/);
    expect(() => parseReleaseList({ releases: [{ version: '1.20.3' }] })).toThrow(/not an exact release/);
    expect(() => parseReleaseList({ releases: [{ version: 'go1.22.1' }, { version: 'go1.20.3' }] })).toThrow(/entry 2: go1.20.3 must come after go1.22.1/);
    expect(() => parseReleaseList({ releases: [{ version: 'go1.20.1' }, { version: 'go1.20.3' }] })).toThrow(/newer minor/);
    expect(() => parseReleaseList({ releases: [{ version: 'go1.20.1', zipBytes: -1 }] })).toThrow(/zipBytes/);
  });

  it('names the entry and the field of every malformed part', () => {
    const refusal = (json: unknown): string => {
      try {
        parseReleaseList(json);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(null)).toBe('release list: "releases" must be a non-empty array');
    expect(refusal({ releases: 'go1.20.1' })).toBe('release list: "releases" must be a non-empty array');
    expect(refusal({ releases: [{ version: 'go1.20.1' }, null] })).toBe('release list entry 2: expected an object');
    expect(refusal({ releases: ['go1.20.1'] })).toBe('release list entry 1: expected an object');
    expect(refusal({ releases: [{ version: 120 }] })).toBe('release list entry 1: "version" must be a string');
    expect(refusal({ releases: [{ version: 'go1.20' }] })).toBe('release list entry 1: "go1.20" is not an exact release like go1.20.14');
    for (const zipBytes of [0, 1.5, '100', null]) {
      expect(refusal({ releases: [{ version: 'go1.20.1', zipBytes }] }), String(zipBytes)).toBe('release list entry 1: "zipBytes" must be a positive integer');
    }
    expect(refusal({ releases: [{ version: 'go1.20.1', note: 3 }] })).toBe('release list entry 1: "note" must be a string');
    expect(refusal({ releases: [{ version: 'go1.20.1', zipBytes: 1 }] })).toBe('accepted');
  });

  it('adds zipBytes and note only when the entry has them', () => {
    expect(list[1]).toStrictEqual({ version: 'go1.20.14', minor: 20, patch: 14 });
    expect(list[2]).toStrictEqual({ version: 'go1.25.14', minor: 25, patch: 14, note: 'newest 1.25' });
  });
});

describe('parseGoVersion', () => {
  it('reads minors and exact versions, with or without "go"', () => {
    expect(parseGoVersion('1.20')).toEqual({ minor: 20, patch: undefined });
    expect(parseGoVersion('go1.20.14')).toEqual({ minor: 20, patch: 14 });
    expect(parseGoVersion(' go1.9 ')).toEqual({ minor: 9, patch: undefined });
    for (const bad of ['', '1', '2.0', 'go1.26rc1', '1.20.x', 'go 1.20', '1.20.14.1']) expect(parseGoVersion(bad)).toBeUndefined();
  });
});

describe('parseReleaseSelection', () => {
  it('expands the keywords', () => {
    expect(selection('all')).toEqual(['go1.10.8', 'go1.20.14', 'go1.25.14', 'installed']);
    expect(selection(' stage ')).toEqual(['go1.10.8', 'go1.25.14', 'installed']);
    const listed = (index: number) => ({ kind: 'listed', release: list[index] });
    expect(parseReleaseSelection('all', list)).toStrictEqual({ ok: true, requests: [listed(0), listed(1), listed(2), { kind: 'installed' }] });
    expect(parseReleaseSelection('stage', list)).toStrictEqual({ ok: true, requests: [listed(0), listed(2), { kind: 'installed' }] });
    // A list of one: its release once, and the installed Go.
    expect(parseReleaseSelection('stage', [list[0]!])).toStrictEqual({ ok: true, requests: [listed(0), { kind: 'installed' }] });
  });

  it('spells the installed Go’s requests exactly', () => {
    expect(parseReleaseSelection('installed', list)).toStrictEqual({ ok: true, requests: [{ kind: 'installed' }] });
    expect(parseReleaseSelection('1.26', list)).toStrictEqual({ ok: true, requests: [{ kind: 'installed', minor: 26 }] });
    expect(parseReleaseSelection('go1.26.8', list)).toStrictEqual({ ok: true, requests: [{ kind: 'installed', minor: 26, version: 'go1.26.8' }] });
  });

  it('drops a repeated request of the installed Go, and only a repeated one', () => {
    expect(selection('installed, installed')).toEqual(['installed']);
    expect(selection('1.26,go1.26,1.27')).toEqual(['installed:1.26', 'installed:1.27']);
    expect(selection('go1.26.8,go1.26.8,go1.26.9,1.26,installed')).toEqual(['installed:1.26:go1.26.8', 'installed:1.26:go1.26.9', 'installed:1.26', 'installed']);
    expect(selection('1.20,installed,1.20')).toEqual(['go1.20.14', 'installed']);
  });

  it('maps minors and exact versions to listed releases, once each', () => {
    expect(selection('1.20, go1.10.8,go1.20,1.20.14')).toEqual(['go1.20.14', 'go1.10.8']);
    expect(selection('installed,1.25')).toEqual(['installed', 'go1.25.14']);
  });

  it('takes a minor newer than the list as a request for the installed Go', () => {
    expect(selection('1.26')).toEqual(['installed:1.26']);
    expect(selection('go1.26.8')).toEqual(['installed:1.26:go1.26.8']);
  });

  it('names the release it refuses', () => {
    expect(selection('1.9')).toBe('go1.9 is older than the oldest supported release, go1.10.8');
    expect(selection('1.20,go1.4.3')).toBe('go1.4.3 is older than the oldest supported release, go1.10.8');
    expect(selection('1.12')).toBe('go1.12 is not in the release list (go1.10.8, go1.20.14, go1.25.14)');
    expect(selection('1.20.13')).toBe('go1.20.13 is not in the release list: its 1.20 release is go1.20.14');
    expect(selection('1.20,banana')).toMatch(/^"banana" is not a Go release/);
    expect(selection('go1.26rc1')).toMatch(/^"go1.26rc1" is not a Go release/);
    expect(selection('1.20,,1.25')).toMatch(/empty release/);
    expect(selection('')).toMatch(/empty release/);
  });
});

describe('resolveReleases', () => {
  const requests = (text: string): ReleaseRequest[] => {
    const result = parseReleaseSelection(text, list);
    if (!result.ok) throw new Error(result.message);
    return result.requests;
  };

  it('orders rows by version and adds the installed Go for its minor', () => {
    const rows = resolveReleases(requests('installed,1.25,1.10'), 'go1.26.8');
    expect(rows.map((r) => [r.version, r.source])).toEqual([['go1.10.8', 'listed'], ['go1.25.14', 'listed'], ['go1.26.8', 'installed']]);
    expect(rows[0]?.zipBytes).toBe(100);
  });

  it('lets the installed Go replace the listed release of its own minor', () => {
    const rows = resolveReleases(requests('all'), 'go1.25.9');
    expect(rows.map((r) => r.version)).toEqual(['go1.10.8', 'go1.20.14', 'go1.25.9']);
  });

  it('makes a request the installed Go cannot answer a missing row, not an error', () => {
    expect(resolveReleases(requests('1.27'), 'go1.26.8')).toEqual([
      { version: 'go1.27', minor: 27, source: 'installed', missing: 'newer than the release list, so only the installed Go can be it, and that is go1.26.8' },
    ]);
    expect(resolveReleases(requests('go1.26.7'), 'go1.26.8')[0]?.missing).toMatch(/that is go1.26.8/);
    expect(resolveReleases(requests('1.26'), 'go1.26.8')).toEqual([{ version: 'go1.26.8', minor: 26, source: 'installed' }]);
    const noGo = resolveReleases(requests('stage'), undefined);
    expect(noGo.map((r) => [r.version, r.missing ?? null])).toEqual([['go1.10.8', null], ['go1.25.14', null], ['installed', 'no Go is installed on this machine']]);
  });

  it('keeps one missing row per release asked, sorted last when no minor was named', () => {
    const missing = 'no Go is installed on this machine';
    expect(resolveReleases(requests('installed,1.27,1.26,1.20'), undefined)).toStrictEqual([
      { version: 'go1.20.14', minor: 20, source: 'listed' },
      { version: 'go1.26', minor: 26, source: 'installed', missing },
      { version: 'go1.27', minor: 27, source: 'installed', missing },
      { version: 'installed', minor: Number.MAX_SAFE_INTEGER, source: 'installed', missing },
    ]);
  });

  it('takes the installed Go for a request of its exact version, and a version it cannot read as none', () => {
    expect(resolveReleases(requests('go1.26.8'), 'go1.26.8')).toStrictEqual([{ version: 'go1.26.8', minor: 26, source: 'installed' }]);
    const unreadable = resolveReleases(requests('installed,1.10'), 'devel go1.27-abc');
    expect(unreadable.map((r) => [r.version, r.source, r.missing !== undefined])).toEqual([['go1.10.8', 'listed', false], ['installed', 'installed', true]]);
  });
});
