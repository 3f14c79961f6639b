import { describe, expect, it } from 'vitest';
import { defaultRouteAddress, defaultRouteInterface, extractPublicFlag, joinUrl } from './public-address.ts';

const header = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
const table = (...rows: string[]): string => [header, ...rows].join('\n') + '\n';
const row = (iface: string, destination: string, flags: string, metric: number, mask: string): string =>
  `${iface}\t${destination}\t010200C0\t${flags}\t0\t0\t${metric}\t${mask}\t0\t0\t0`;

describe('extractPublicFlag', () => {
  it('leaves argv alone without --public', () => {
    expect(extractPublicFlag(['--port', '0'])).toEqual({ ok: true, argv: ['--port', '0'], flag: { given: false } });
  });

  it('takes --public alone, with an address, or with =address', () => {
    expect(extractPublicFlag(['--public'])).toEqual({ ok: true, argv: [], flag: { given: true, address: undefined } });
    expect(extractPublicFlag(['--public', '--port', '0'])).toEqual({ ok: true, argv: ['--port', '0'], flag: { given: true, address: undefined } });
    expect(extractPublicFlag(['--port', '0', '--public', '192.0.2.5'])).toEqual({ ok: true, argv: ['--port', '0'], flag: { given: true, address: '192.0.2.5' } });
    expect(extractPublicFlag(['--public=deck.example', '--dist', 'dist'])).toEqual({ ok: true, argv: ['--dist', 'dist'], flag: { given: true, address: 'deck.example' } });
    expect(extractPublicFlag(['--public', '[fd00::2]'])).toEqual({ ok: true, argv: [], flag: { given: true, address: 'fd00::2' } });
  });

  it('refuses a malformed address, an empty =, and a second --public, naming them', () => {
    const problem = (argv: string[]): string => {
      const parsed = extractPublicFlag(argv);
      return parsed.ok ? '' : parsed.message;
    };
    expect(problem(['--public', 'http://192.0.2.5:8000/'])).toBe('--public "http://192.0.2.5:8000/": give a bare address or host name (no scheme, port or path), e.g. --public 192.168.1.20');
    expect(problem(['--public', '192.0.2.5:8000'])).toMatch(/^--public "192\.0\.2\.5:8000": /);
    expect(problem(['--public='])).toMatch(/^--public=: /);
    expect(problem(['--public', '--public', '192.0.2.5'])).toBe('--public is given twice');
  });
});

describe('default route', () => {
  it('finds the usable default route with the lowest metric', () => {
    const routes = table(
      row('wlan0', '00000000', '0003', 600, '00000000'),
      row('eth0', '00000000', '0003', 100, '00000000'),
      row('eth0', '000200C0', '0001', 0, '00FFFFFF'),
    );
    expect(defaultRouteInterface(routes)).toBe('eth0');
  });

  it('skips routes that are down, not default, or have a mask', () => {
    expect(defaultRouteInterface(table(row('eth0', '00000000', '0002', 0, '00000000')))).toBeUndefined();
    expect(defaultRouteInterface(table(row('eth0', '000200C0', '0003', 0, '00000000')))).toBeUndefined();
    expect(defaultRouteInterface(table(row('eth0', '00000000', '0003', 0, '00FFFFFF')))).toBeUndefined();
    expect(defaultRouteInterface(table())).toBeUndefined();
    expect(defaultRouteInterface('')).toBeUndefined();
    // The header line is never a route, whatever it says.
    expect(defaultRouteInterface('eth0\t00000000\t0\t0003\t0\t0\t0\t00000000\n')).toBeUndefined();
  });

  it("gives that interface's first external IPv4 address", () => {
    const routes = table(row('eth0', '00000000', '0003', 0, '00000000'));
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [
        { address: 'fd00::2', family: 'IPv6', internal: false },
        { address: '192.0.2.2', family: 'IPv4', internal: false },
        { address: '192.0.2.3', family: 'IPv4', internal: false },
      ],
    };
    expect(defaultRouteAddress(routes, interfaces)).toBe('192.0.2.2');
    expect(defaultRouteAddress(routes, { eth0: [{ address: 'fd00::2', family: 'IPv6', internal: false }] })).toBeUndefined();
    expect(defaultRouteAddress(routes, {})).toBeUndefined();
    expect(defaultRouteAddress(table(), interfaces)).toBeUndefined();
  });
});

describe('joinUrl', () => {
  it('is the deck root on the address, IPv6 in brackets, no token', () => {
    expect(joinUrl('192.0.2.5', 8000)).toBe('http://192.0.2.5:8000/');
    expect(joinUrl('fd00::2', 8000)).toBe('http://[fd00::2]:8000/');
    expect(joinUrl('deck.example', 80)).toBe('http://deck.example:80/');
  });
});
