/**
 * Each rule of the section format on its own, with the exact message an author sees, so a
 * rule that goes missing or says something else fails here (parse-section.test.ts has
 * the overview).
 */
import { describe, expect, it } from 'vitest';
import { parseSection, splitWords, type SlideBlock } from './parse-section.ts';

const file = 'deck/sections/s.md';
const parse = (...lines: string[]) => parseSection(lines.join('\n'), file);
const messages = (...lines: string[]) => parse(...lines).issues.map((issue) => `${issue.line}: ${issue.message}`);
const only = (...lines: string[]): SlideBlock => {
  const { slides, issues } = parse(...lines);
  expect(issues).toEqual([]);
  expect(slides).toHaveLength(1);
  return slides[0]!;
};

describe('slide lines', () => {
  it('read every flag and key, quoted values with spaces included', () => {
    const slide = only('@slide a since-2018 live auto-animate class="x, z" background=#000 transition=zoom title="Two words" data-state=on data-x-1=2');
    expect(slide.options).toEqual({
      since2018: true,
      live: true,
      autoAnimate: true,
      classes: ['x', 'z'],
      background: '#000',
      transition: 'zoom',
      title: 'Two words',
      data: { 'data-state': 'on', 'data-x-1': '2' },
    });
  });

  it('start with every option off', () => {
    expect(only('@slide plain').options).toEqual({ since2018: false, live: false, autoAnimate: false, classes: [], data: {} });
    expect(only('@slide plain')).toMatchObject({ kind: 'slide', id: 'plain', file, line: 1, body: [], embeds: [], notes: null });
  });

  it('split classes on commas, dropping empty ones', () => {
    expect(only('@slide a class=one,,two, ').options.classes).toEqual(['one', 'two']);
  });

  it('name each mistake on its line, with the message the author reads', () => {
    expect(messages('@slide')).toEqual(['1: @slide needs an id: "@slide my-slide-id"']);
    expect(messages('@slide x', '@sub')).toEqual(['2: @sub needs an id: "@sub my-slide-id"']);
    expect(messages('@slide title=x')).toEqual(['1: @slide needs an id: "@slide my-slide-id"']);
    expect(messages('@slide 1st')).toEqual(['1: slide id "1st" must be kebab-case and start with a letter (e.g. "cgo-call-cost")']);
    expect(messages('@slide a-')).toHaveLength(1);
    expect(messages('@slide a title="open')).toEqual(['1: @slide: unclosed quote']);
    expect(messages('@slide a shiny')).toEqual(['1: unknown flag "shiny" (known: since-2018, live, auto-animate; keys: class=, background=, transition=, title=, data-*=)']);
    expect(messages('@slide a color=red')).toEqual(['1: unknown key "color=" (known: class=, background=, transition=, title=, data-*=)']);
    expect(messages('@slide a data-X=1')).toEqual(['1: unknown key "data-X=" (known: class=, background=, transition=, title=, data-*=)']);
    expect(messages('@slide a class=ok,9bad')).toEqual(['1: class "9bad" is not a valid CSS class name']);
  });

  it('keep a bad id (so later errors can name the slide), and read keys after a missing id', () => {
    const { slides } = parse('@slide Bad_Id live');
    expect(slides[0]).toMatchObject({ id: 'Bad_Id', options: { live: true } });
    const noId = parse('@slide title=x live');
    expect(noId.slides[0]).toMatchObject({ id: '', options: { title: 'x', live: true } });
  });

  it('accept ids in kebab-case with digits after the first letter', () => {
    expect(only('@slide a1-b2-3').id).toBe('a1-b2-3');
  });
});

describe('@sub, @notes, @demo and @include', () => {
  it('@sub stacks under a @slide of the same file only', () => {
    expect(messages('@sub first')).toEqual(['1: @sub needs a @slide before it in the same file']);
    expect(parse('@slide a', '@sub b', '@sub c').slides.map((s) => `${s.kind}:${s.id}`)).toEqual(['slide:a', 'sub:b', 'sub:c']);
  });

  it('@notes takes the rest of the slide, once, and nothing on its own line', () => {
    const slide = only('@slide a', 'body', '@notes', 'say this', '@@literal');
    expect(slide.body).toEqual([{ text: 'body', line: 2 }]);
    expect(slide.notes).toEqual([
      { text: 'say this', line: 4 },
      { text: '@literal', line: 5 },
    ]);
    expect(messages('@notes')).toEqual(['1: @notes before the first @slide']);
    expect(messages('@slide a', '@notes now')).toEqual(['2: @notes takes nothing on its line; write the notes below it']);
    expect(messages('@slide a', '@notes', '@notes')).toEqual(['3: a second @notes in the same slide']);
    // A new slide ends the notes of the one before.
    const { slides } = parse('@slide a', '@notes', 'n', '@slide b', 'body of b');
    expect(slides[1]).toMatchObject({ body: [{ text: 'body of b', line: 5 }], notes: null });
    // An empty @notes is still notes (an empty list, not null).
    expect(only('@slide a', '@notes').notes).toEqual([]);
  });

  it('@demo reads an id and optional JSON object params', () => {
    expect(only('@slide a', '@demo threads-in-c').embeds).toEqual([{ kind: 'demo', demo: 'threads-in-c', params: {}, line: 2 }]);
    expect(only('@slide a', '@demo d2   {"n": [1, 2]}  ').embeds).toEqual([{ kind: 'demo', demo: 'd2', params: { n: [1, 2] }, line: 2 }]);
    expect(messages('@slide a', '@demo')).toEqual(['2: @demo needs a demo id: "@demo ffi-overhead {\\"n\\": 1}"']);
    expect(messages('@slide a', '@demo Bad_Demo')).toEqual(['2: demo id "Bad_Demo" must be kebab-case']);
    expect(messages('@slide a', '@demo d null')).toEqual(['2: @demo d: params must be a JSON object, e.g. {"direction": "go-to-c"}']);
    expect(messages('@slide a', '@demo d 3')).toHaveLength(1);
    expect(messages('@demo d')).toEqual(['1: @demo before the first @slide']);
    expect(messages('@include x.svg')).toEqual(['1: @include before the first @slide']);
  });

  it('@include takes exactly one path, quoted when it has spaces', () => {
    expect(only('@slide a', '@include "../my pictures/x.svg"').embeds).toEqual([{ kind: 'include', path: '../my pictures/x.svg', line: 2 }]);
    const wrong = '2: @include needs exactly one path: "@include ../pictures/stack.svg"';
    expect(messages('@slide a', '@include')).toEqual([wrong]);
    expect(messages('@slide a', '@include a b')).toEqual([wrong]);
    expect(messages('@slide a', '@include ""')).toEqual([wrong]);
    expect(messages('@slide a', '@include "open')).toEqual([wrong]);
    expect(messages('@slide a', '@notes', '@include x.svg')).toEqual(['3: @include inside @notes (put it above the @notes line)']);
  });

  it('an embed becomes its marker between blank lines, all on the directive’s line', () => {
    expect(only('@slide a', 'text', '@demo d').body).toEqual([
      { text: 'text', line: 2 },
      { text: '', line: 3 },
      { text: '<!--deck-embed:0-->', line: 3 },
      { text: '', line: 3 },
    ]);
  });

  it('an unknown directive names the known ones', () => {
    expect(messages('@slide a', '@Slide b')).toEqual(['2: unknown directive "@Slide" (known: @slide, @sub, @notes, @demo, @include; write @@ for a literal @)']);
    expect(messages('@slide a', '@')).toHaveLength(1);
    // Only column 0 counts: an indented @ is text.
    expect(only('@slide a', ' @slide b').body).toEqual([{ text: ' @slide b', line: 2 }]);
  });

  it('text before the first slide is an error unless blank; CRLF files read the same', () => {
    expect(messages('', '   ', '@slide a')).toEqual([]);
    expect(messages('hello', '@slide a')).toEqual(['1: content before the first @slide (start the file with "@slide <id>")']);
    expect(parseSection('@slide a\r\nline\r\n@notes\r\nn', file).slides[0]).toMatchObject({ body: [{ text: 'line', line: 2 }], notes: [{ text: 'n', line: 4 }] });
  });
});

describe('code fences', () => {
  it('hide directives until a closing fence of the same character and at least the same length', () => {
    const slide = only('@slide a', '````go', '```', '@slide no', '~~~~', '````', '@notes', 'n');
    expect(slide.body.map((l) => l.text)).toEqual(['````go', '```', '@slide no', '~~~~', '````']);
    const tilde = only('@slide a', '~~~', '@notes', '~~~~~', '@notes', 'n');
    expect(tilde.body.map((l) => l.text)).toEqual(['~~~', '@notes', '~~~~~']);
  });

  it('open with up to three spaces of indent; a closing line holds only the fence', () => {
    expect(only('@slide a', '   ```', '@x', '   ```  ', '@notes', 'n').notes).toEqual([{ text: 'n', line: 6 }]);
    // Four spaces is an indented code line, not a fence: the directive after it counts.
    expect(messages('@slide a', '    ```', '@bogus')).toEqual(['3: unknown directive "@bogus" (known: @slide, @sub, @notes, @demo, @include; write @@ for a literal @)']);
    // "``` x" does not close a fence: the fence stays open to the end.
    expect(messages('@slide a', '```', '``` x', '@bogus')).toEqual(['2: unclosed code fence (it runs to the end of the file)']);
  });

  it('a backtick run followed by another backtick is inline code, not a fence', () => {
    expect(messages('@slide a', '```x` y', '@bogus')).toHaveLength(1);
    expect(messages('@slide a', '``` go', '@bogus')).toEqual(['2: unclosed code fence (it runs to the end of the file)']);
    // Tildes may be followed by backticks.
    expect(messages('@slide a', '~~~ `x`', '@bogus')).toEqual(['2: unclosed code fence (it runs to the end of the file)']);
  });
});

describe('what the mutation report asked for', () => {
  it('ids, keys and classes must match their patterns whole, not just begin with them', () => {
    expect(messages('@slide a', '@demo ok-id_x')).toEqual(['2: demo id "ok-id_x" must be kebab-case']);
    expect(messages('@slide a xdata-y=1')).toEqual(['1: unknown key "xdata-y=" (known: class=, background=, transition=, title=, data-*=)']);
    expect(messages('@slide a data-a.b=1')).toEqual(['1: unknown key "data-a.b=" (known: class=, background=, transition=, title=, data-*=)']);
    expect(messages('@slide a class=a.b')).toEqual(['1: class "a.b" is not a valid CSS class name']);
    expect(messages('@slide a', '@slide!x')).toEqual(['2: unknown directive "@slide!x" (known: @slide, @sub, @notes, @demo, @include; write @@ for a literal @)']);
  });

  it('a word that starts with "=" is an empty key, not a flag', () => {
    expect(messages('@slide a =x')).toEqual(['1: unknown key "=" (known: class=, background=, transition=, title=, data-*=)']);
  });

  it('only a @slide lets a @sub follow: a @sub before it does not', () => {
    expect(messages('@sub a', '@sub b')).toEqual(['1: @sub needs a @slide before it in the same file', '2: @sub needs a @slide before it in the same file']);
  });

  it('reads old Mac line ends (a lone CR) as line breaks', () => {
    expect(parseSection('@slide a\rline\r@notes\rn', file).slides[0]).toMatchObject({ body: [{ text: 'line', line: 2 }], notes: [{ text: 'n', line: 4 }] });
  });

  it('a fence closes only on a line that starts with the fence', () => {
    expect(messages('@slide a', '```', 'text ```', '@bogus')).toEqual(['2: unclosed code fence (it runs to the end of the file)']);
  });
});

describe('splitWords', () => {
  it('splits on any run of whitespace and joins quoted parts into the word around them', () => {
    expect(splitWords('  a \t b  ')).toEqual(['a', 'b']);
    expect(splitWords('a"b c"d e')).toEqual(['ab cd', 'e']);
    expect(splitWords('""')).toEqual(['']);
    expect(splitWords('')).toEqual([]);
  });
});
