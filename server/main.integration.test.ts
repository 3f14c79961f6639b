/**
 * The real server as a child process: it prints its URL, runs a test-only demo (a
 * runner file written here into a temp folder and loaded through DEMO_DIRS) whose
 * program hangs, and on SIGTERM leaves no child process behind.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { once } from 'node:events';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { testCacheDir } from '../tests/support/test-paths.ts';

const rootDir = resolve(import.meta.dirname, '..');

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server process', () => {
  it('serves a test demo and kills its processes when stopped', async () => {
    const dir = await makeTempDir('server-exit-test-');
    const pidFile = join(dir, 'pids.txt');
    const demoDir = join(dir, 'demos');
    await import('node:fs/promises').then((fs) => fs.mkdir(demoDir));
    const zodUrl = pathToFileURL(join(rootDir, 'node_modules/zod/index.js')).href;
    await writeFile(
      join(demoDir, 'sleeper.ts'),
      `import { z } from ${JSON.stringify(zodUrl)};
export default {
  manifest: { id: 'test-sleeper', title: 'Test sleeper', params: z.object({}), result: z.object({}), requires: [], timeoutMs: 120000 },
  async run(ctx) {
    // A shell that starts a grandchild, so the whole group must be killed.
    await ctx.exec('sh', ['-c', 'sleep 100 & echo "$$ $!" > ${pidFile}; wait']);
  },
};
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', join(rootDir, 'server/main.ts'), '--port', '0', '--recordings', join(dir, 'rec'), '--cache', join(dir, 'cache')], {
      cwd: rootDir,
      env: { ...process.env, DEMO_DIRS: demoDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const printed = await waitFor('server URL', () => /^Deck and demos: (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)$/m.exec(output) ?? undefined, 60_000);
      const [, url = '', token = ''] = printed;
      const demos = (await (await fetch(`${url}api/demos`)).json()) as Array<{ id: string }>;
      expect(demos.map((demo) => demo.id)).toContain('test-sleeper');
      const start = await fetch(`${url}api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ demo: 'test-sleeper' }) });
      expect(start.status).toBe(202);
      const pids = await waitFor('pids', async () => {
        try {
          const text = (await readFile(pidFile, 'utf8')).trim();
          return text ? text.split(' ').map(Number) : undefined;
        } catch {
          return undefined;
        }
      });
      expect(pids.every(alive)).toBe(true);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(pids.filter(alive)).toEqual([]);
      // A cancelled run is not recorded.
      expect(await readdir(join(dir, 'rec')).catch(() => [])).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start when a demo file is broken, naming the file', async () => {
    const dir = await makeTempDir('server-bad-demo-');
    await writeFile(join(dir, 'broken.ts'), 'export default { notADemo: true };\n');
    const child = spawn(process.execPath, ['--import', 'tsx', join(rootDir, 'server/main.ts'), '--port', '0'], {
      cwd: rootDir,
      env: { ...process.env, DEMO_DIRS: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output).toContain(join(dir, 'broken.ts'));
  });
});

describe('npm start', () => {
  it('passes SIGTERM on to the server, which stops', async () => {
    const dir = await makeTempDir('npm-start-test-');
    const child = spawn('npm', ['start', '--', '--port', '0', '--recordings', join(dir, 'rec'), '--cache', testCacheDir], { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await waitFor('server URL', () => /^Deck and demos: (http:\/\/127\.0\.0\.1:\d+\/)#token=/m.exec(output)?.[1], 240_000);
      expect((await fetch(`${url}api/health`)).status).toBe(200);
      child.kill('SIGTERM');
      await once(child, 'exit');
      expect(output).toContain('SIGTERM: stopping');
      // The server itself is gone, not orphaned behind a wrapper that died alone.
      await waitFor('the server to stop answering', () => fetch(`${url}api/health`).then(() => undefined, () => true), 15_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 300_000);
});
