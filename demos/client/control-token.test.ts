import { describe, expect, it } from 'vitest';
import { adoptPageToken, pageToken, splitTokenFragment, tokenStorageKey, type TokenPage } from './control-token.ts';

function fakePage(url: string, stored: Record<string, string> = {}) {
  const parsed = new URL(url);
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const page: TokenPage = {
    location: { hash: parsed.hash, pathname: parsed.pathname, search: parsed.search },
    history: {
      state: { kept: true },
      replaceState: (state, _unused, next) => {
        expect(state).toEqual({ kept: true });
        replaced.push(next);
        const again = new URL(next, parsed);
        page.location = { hash: again.hash, pathname: again.pathname, search: again.search };
      },
    },
    sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  };
  return { page, storage, replaced };
}

describe('splitTokenFragment', () => {
  it('takes the token out of the hash and keeps the rest', () => {
    expect(splitTokenFragment('#token=abc')).toEqual({ token: 'abc', hash: '' });
    expect(splitTokenFragment('#/ffi-table&token=a%2Bb')).toEqual({ token: 'a+b', hash: '#/ffi-table' });
    expect(splitTokenFragment('#token=abc&/ffi-table')).toEqual({ token: 'abc', hash: '#/ffi-table' });
    expect(splitTokenFragment('token=abc')).toEqual({ token: 'abc', hash: '' });
  });

  it('leaves other hashes alone', () => {
    expect(splitTokenFragment('')).toEqual({ hash: '' });
    expect(splitTokenFragment('#/ffi-table')).toEqual({ hash: '#/ffi-table' });
    expect(splitTokenFragment('#/x&notoken=1')).toEqual({ hash: '#/x&notoken=1' });
  });

  it('drops an empty or malformed token from the hash without adopting it', () => {
    expect(splitTokenFragment('#token=')).toEqual({ hash: '' });
    expect(splitTokenFragment('#token=%E0%A4%A')).toEqual({ hash: '' });
  });
});

describe('adoptPageToken', () => {
  it('moves the token into sessionStorage and out of the address bar', () => {
    const { page, storage, replaced } = fakePage('http://127.0.0.1:8000/?x=1#token=s3cret');
    expect(adoptPageToken(page)).toBe('s3cret');
    expect(storage.get(tokenStorageKey)).toBe('s3cret');
    expect(replaced).toEqual(['/?x=1']);
    expect(page.location.hash).toBe('');
    expect(pageToken(page)).toBe('s3cret');
  });

  it('keeps the tab\'s token across reloads and slide URLs', () => {
    const { page, replaced } = fakePage('http://127.0.0.1:8000/#/ffi-table', { [tokenStorageKey]: 'earlier' });
    expect(adoptPageToken(page)).toBe('earlier');
    expect(replaced).toEqual([]);
  });

  it('replaces an older token with a newer one (a restarted server)', () => {
    const { page, storage } = fakePage('http://127.0.0.1:8000/#/s&token=newer', { [tokenStorageKey]: 'older' });
    expect(adoptPageToken(page)).toBe('newer');
    expect(storage.get(tokenStorageKey)).toBe('newer');
    expect(page.location.hash).toBe('#/s');
  });

  it('makes a page without a token a watcher', () => {
    const { page } = fakePage('http://127.0.0.1:8000/');
    expect(adoptPageToken(page)).toBeUndefined();
    expect(pageToken(page)).toBeUndefined();
    expect(adoptPageToken(undefined)).toBeUndefined();
    expect(pageToken(undefined)).toBeUndefined();
  });

  it('survives storage that throws (privacy modes)', () => {
    const { page } = fakePage('http://127.0.0.1:8000/#token=x');
    page.sessionStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(adoptPageToken(page)).toBeUndefined();
    expect(pageToken(page)).toBeUndefined();
  });
});
