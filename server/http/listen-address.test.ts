import { describe, expect, it } from 'vitest';
import { isLoopbackHostName } from './access.ts';
import { audienceUrls, isWildcardAddress, ownHostNames, parseAllowHosts, reachableBaseUrl, speakerUrl, urlHost } from './listen-address.ts';

describe('listen address', () => {
  it('prints a URL that answers for the address the server is bound to', () => {
    expect(reachableBaseUrl({ address: '127.0.0.1', family: 'IPv4', port: 8000 })).toBe('http://127.0.0.1:8000/');
    expect(reachableBaseUrl({ address: '192.0.2.5', family: 'IPv4', port: 8000 })).toBe('http://192.0.2.5:8000/');
    expect(reachableBaseUrl({ address: '127.0.0.2', family: 'IPv4', port: 1 })).toBe('http://127.0.0.2:1/');
    expect(reachableBaseUrl({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toBe('http://127.0.0.1:80/');
    expect(reachableBaseUrl({ address: '::', family: 'IPv6', port: 80 })).toBe('http://[::1]:80/');
    expect(reachableBaseUrl({ address: '::1', family: 'IPv6', port: 80 })).toBe('http://[::1]:80/');
    expect(reachableBaseUrl({ address: '2001:db8::5', family: 'IPv6', port: 80 })).toBe('http://[2001:db8::5]:80/');
    expect(reachableBaseUrl({ address: '::ffff:192.0.2.5', family: 'IPv6', port: 80 })).toBe('http://192.0.2.5:80/');
    expect(reachableBaseUrl({ address: '::ffff:c000:205', family: 'IPv6', port: 80 })).toBe('http://[::ffff:c000:205]:80/');
    expect(reachableBaseUrl({ address: '', family: 'IPv4', port: 80 })).toBe('http://127.0.0.1:80/');
    // Either sign of IPv6 means the socket answers on IPv6 loopback.
    expect(reachableBaseUrl({ address: '', family: 'IPv6', port: 80 })).toBe('http://[::1]:80/');
    expect(reachableBaseUrl({ address: '::', family: 'IPv4', port: 80 })).toBe('http://[::1]:80/');
  });

  it('puts the token in the fragment, encoded', () => {
    expect(speakerUrl('http://127.0.0.1:8000/', 'a-b_c')).toBe('http://127.0.0.1:8000/#token=a-b_c');
    expect(speakerUrl('http://127.0.0.1:8000/', 'a b&c')).toBe('http://127.0.0.1:8000/#token=a%20b%26c');
  });

  it('knows wildcard addresses and URL hosts', () => {
    for (const address of ['0.0.0.0', '::', '']) expect(isWildcardAddress(address)).toBe(true);
    for (const address of ['127.0.0.1', '::1', '192.0.2.5']) expect(isWildcardAddress(address)).toBe(false);
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('[::1]')).toBe('[::1]');
    expect(urlHost('deck.example')).toBe('deck.example');
  });

  it('answers to every interface address when bound to all, else to its own, plus allowed names', () => {
    const interfaces = ['127.0.0.1', '192.0.2.5', '2001:db8::5'];
    expect(ownHostNames('0.0.0.0', interfaces, ['deck.example'])).toEqual(['127.0.0.1', '192.0.2.5', '2001:db8::5', 'deck.example']);
    expect(ownHostNames('::', interfaces, [])).toEqual(interfaces);
    expect(ownHostNames('192.0.2.5', interfaces, ['deck.example', '192.0.2.5'])).toEqual(['192.0.2.5', 'deck.example']);
    expect(ownHostNames('127.0.0.1', interfaces, [])).toEqual(['127.0.0.1']);
  });

  it('parses --allow-host lists and refuses patterns', () => {
    expect(parseAllowHosts(['a.example, b.example', 'c.example', '', '[2001:db8::1]'])).toEqual({
      names: ['a.example', 'b.example', 'c.example', '[2001:db8::1]'],
      problems: [],
    });
    const bad = parseAllowHosts(['*.example', 'http://x.example', 'x.example:80', 'a..b', 'x.example/']);
    expect(bad.names).toEqual([]);
    expect(bad.problems).toHaveLength(5);
    expect(bad.problems[0]).toMatch(/--allow-host "\*\.example": give a bare host name/);
    // An IPv6 address with or without brackets; nothing before or after it.
    expect(parseAllowHosts(['2001:db8::1', '[2001:db8::2]'])).toEqual({ names: ['2001:db8::1', '[2001:db8::2]'], problems: [] });
    expect(parseAllowHosts(['g::1', '::1/x', 'x[::1]', '[::1]:80x']).names).toEqual([]);
  });

  it('lists the audience URLs of the non-loopback addresses', () => {
    expect(audienceUrls(8000, ['127.0.0.1', '192.0.2.5', '2001:db8::5', 'localhost'], isLoopbackHostName)).toEqual([
      'http://192.0.2.5:8000/',
      'http://[2001:db8::5]:8000/',
    ]);
  });
});
