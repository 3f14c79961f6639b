import { describe, expect, it } from 'vitest';
import { embedMarker, parseSection, splitWords } from './parse-section.ts';

const file = 'deck/sections/a.md';

describe('parseSection', () => {
  it('cuts slides and sub-slides, keeping source lines', () => {
    const { slides, issues } = parseSection(
      ['@slide intro', '# Hello', '@notes', 'Say hi.', '', '@sub intro-more since-2018 live', 'More', '@notes', 'n'].join('\n'),
      file,
    );
    expect(issues).toEqual([]);
    expect(slides.map((s) => [s.kind, s.id, s.line])).toEqual([
      ['slide', 'intro', 1],
      ['sub', 'intro-more', 6],
    ]);
    expect(slides[0]?.body).toEqual([{ text: '# Hello', line: 2 }]);
    expect(slides[0]?.notes).toEqual([
      { text: 'Say hi.', line: 4 },
      { text: '', line: 5 },
    ]);
    expect(slides[1]?.options).toMatchObject({ since2018: true, live: true });
  });

  it('reads flags and keys', () => {
    const { slides, issues } = parseSection(
      '@slide x auto-animate class=a,b background=#123 transition=fade title="A picture" data-state=dim\n@notes\nn',
      file,
    );
    expect(issues).toEqual([]);
    expect(slides[0]?.options).toEqual({
      since2018: false,
      live: false,
      autoAnimate: true,
      classes: ['a', 'b'],
      background: '#123',
      transition: 'fade',
      title: 'A picture',
      data: { 'data-state': 'dim' },
    });
  });

  it('turns @demo and @include into embed markers', () => {
    const { slides, issues } = parseSection('@slide d\n@demo ffi-overhead {"n": 3}\n@include ../pictures/x.svg\n', file);
    expect(issues).toEqual([]);
    expect(slides[0]?.embeds).toEqual([
      { kind: 'demo', demo: 'ffi-overhead', params: { n: 3 }, line: 2 },
      { kind: 'include', path: '../pictures/x.svg', line: 3 },
    ]);
    expect(slides[0]?.body.map((l) => l.text)).toContain(embedMarker(0));
    expect(slides[0]?.body.map((l) => l.text)).toContain(embedMarker(1));
  });

  it('keeps @@ as a literal @ and ignores directives inside code fences', () => {
    const { slides, issues } = parseSection('@slide t\n@@FiloSottile\n```text\n@slide not-a-slide\n```\n', file);
    expect(issues).toEqual([]);
    expect(slides).toHaveLength(1);
    expect(slides[0]?.body.map((l) => l.text)).toEqual(['@FiloSottile', '```text', '@slide not-a-slide', '```', '']);
  });

  it('names file and line for every mistake', () => {
    const text = [
      'stray text', // 1
      '@slide ok', // 2
      '@bogus', // 3
      '@demo ffi-overhead {"n": }', // 4
      '@demo ffi-overhead [1]', // 5
      '@slide Bad_Id', // 6
      '@slide x unknownflag', // 7
      '@slide y wat=1', // 8
      '@notes', // 9
      '@notes', // 10
      '@demo d', // 11
      '```go', // 12
    ].join('\n');
    const { issues } = parseSection(text, file);
    const lines = issues.map((i) => `${i.file}:${i.line}`);
    expect(lines).toEqual([1, 3, 4, 5, 6, 7, 8, 10, 11, 12].map((n) => `${file}:${n}`));
    const messages = issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/content before the first @slide/);
    expect(messages).toMatch(/unknown directive "@bogus"/);
    expect(messages).toMatch(/invalid JSON params/);
    expect(messages).toMatch(/must be a JSON object/);
    expect(messages).toMatch(/kebab-case/);
    expect(messages).toMatch(/unknown flag "unknownflag"/);
    expect(messages).toMatch(/unknown key "wat="/);
    expect(messages).toMatch(/second @notes/);
    expect(messages).toMatch(/@demo inside @notes/);
    expect(messages).toMatch(/unclosed code fence/);
  });

  it('reports an unclosed code fence at the line that opens it, not at the end of the file', () => {
    const text = ['@slide a', '```go', 'func f() {}', '```', '', '~~~~text', 'never closed', '~~~', '', '@notes', 'n'].join('\n');
    const { issues } = parseSection(text, file);
    // The tilde fence of four opens on line 6; a fence of three cannot close it.
    expect(issues).toEqual([{ file, line: 6, message: 'unclosed code fence (it runs to the end of the file)' }]);
    const closed = parseSection(text.replace('~~~\n', '~~~~\n'), file);
    expect(closed.issues).toEqual([]);
  });

  it('rejects @sub before any @slide', () => {
    const { issues } = parseSection('@sub orphan\n', file);
    expect(issues[0]).toMatchObject({ line: 1, message: expect.stringMatching(/@sub needs a @slide/) });
  });
});

describe('splitWords', () => {
  it('keeps quoted runs together', () => {
    expect(splitWords('a "b c" d=e f="g h"')).toEqual(['a', 'b c', 'd=e', 'f=g h']);
    expect(splitWords('"open')).toBeNull();
  });
});
