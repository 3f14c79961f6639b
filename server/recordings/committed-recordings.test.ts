/**
 * The committed recordings (`recordings/*.json`) are what the static deck and the PDF
 * show, so they are checked like code: each is named by its recording key, was made by a
 * run that ended ok, has a result that passes its demo's result schema (otherwise its
 * slide says "recording out of date"), no two are the same file, and every param set a
 * slide or a widget button offers has one.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { Recording } from '../../demos/protocol.ts';
import { demoOfRecordingKey, recordingKey } from '../../demos/recording-key.ts';
import { offeredVariants } from './offered-variants.ts';
import { findDecks } from '../../slides/compiler/deck-folders.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const recordingsDir = join(rootDir, 'recordings');
const demoIds = readdirSync(join(rootDir, 'demos'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(rootDir, 'demos', entry.name)).includes('manifest.ts'))
  .map((entry) => entry.name);
const manifests = new Map<string, DemoManifest>();
for (const id of demoIds) manifests.set(id, ((await import(`../../demos/${id}/manifest.ts`)) as { default: DemoManifest }).default);

const files = readdirSync(recordingsDir).filter((name) => name.endsWith('.json') && name !== 'index.json').sort();
const texts = new Map(files.map((name) => [name, readFileSync(join(recordingsDir, name), 'utf8')]));

describe('committed recordings', () => {
  it.each(files)('%s is named by its key, ended ok, and its result passes the demo’s schema', (name) => {
    const recording = JSON.parse(texts.get(name) ?? '') as Recording;
    const key = name.slice(0, -'.json'.length);
    const manifest = manifests.get(demoOfRecordingKey(key));
    expect(manifest, `no demo "${demoOfRecordingKey(key)}"`).toBeDefined();
    if (!manifest) return;
    expect(recording.demo).toBe(manifest.id);
    expect(manifest.params.safeParse(recording.params).success, 'params pass the schema').toBe(true);
    expect(recordingKey(manifest, recording.params), 'file name = recording key of its params').toBe(key);
    expect(recording.outcome).toBe('ok');
    const results = recording.events.filter((event) => event.type === 'result');
    expect(results).toHaveLength(1);
    const parsed = manifest.result.safeParse(results[0]?.type === 'result' ? results[0].data : undefined);
    const issues = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues, `recording out of date: record it again with npm run demo -- ${manifest.id}`).toEqual([]);
  });

  it('holds no two identical files', () => {
    const seen = new Map<string, string>();
    for (const [name, text] of texts) {
      expect(seen.get(text), `${name} is a copy of ${seen.get(text)}`).toBeUndefined();
      seen.set(text, name);
    }
  });

  it('has a recording for every param set the flagship offers (slides and widget buttons)', () => {
    const offered = offeredVariants(join(rootDir, 'slides/why-cgo-is-slow'), manifests);
    expect(offered.length).toBeGreaterThan(10);
    const missing = offered.filter((variant) => !texts.has(`${variant.key}.json`)).map((v) => `${v.key} (${v.where})`);
    expect(missing).toEqual([]);
  });

  it.each(findDecks(join(rootDir, 'slides')))('has a recording for every param set deck %s offers', (deck) => {
    const offered = offeredVariants(join(rootDir, 'slides', deck), manifests);
    const missing = offered.filter((variant) => !texts.has(`${variant.key}.json`)).map((v) => `${v.key} (${v.where})`);
    expect(missing, `record them: npm run demo -- <id> --param …`).toEqual([]);
  });
});
