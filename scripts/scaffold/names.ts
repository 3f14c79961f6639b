/**
 * Names of new decks and demos: what `npm run new-deck` and `npm run new-demo` accept.
 * Pure (no I/O): the caller passes the names that exist already.
 *
 * A name is a folder (`slides/<deck>/`, `demos/<demo>/`), a URL path (`dist/<deck>/`,
 * `/api/demos/<demo>`) and the first part of a recording key (`<demo>--<param>-<value>`),
 * so it is lowercase letters and digits in words joined by single dashes: `my-talk`,
 * `ffi-2024`. Every refusal names the bad name and says why.
 */

/** NameKind is what the name is for; it picks the folder shown in messages. */
export type NameKind = 'deck' | 'demo';

/** maxNameLength bounds a name: it appears in URLs, file names and panel headers. */
export const maxNameLength = 40;

/**
 * reservedNames are names a deck or demo may not take, each with the reason: they are
 * the project's own folders beside the decks and demos, or paths the built site and the
 * demo server use already.
 */
export const reservedNames: ReadonlyMap<string, string> = new Map([
  ['decks', 'dist/decks/ is the list of every deck'],
  ['assets', 'dist/assets/ holds the built scripts, styles and fonts'],
  ['api', '/api is the demo server’s API'],
  ['recordings', 'recordings/ holds the recorded runs, published beside each deck'],
  ['runtime', 'slides/runtime/ is the code every deck runs in the browser'],
  ['shared-theme', 'slides/shared-theme/ is the styles every deck shares'],
  ['compiler', 'slides/compiler/ is the slide compiler'],
  ['remote', 'slides/remote/ is the phone remote, and every deck\'s build has its page in remote/'],
  ['client', 'demos/client/ is the demo panels’ browser code'],
  ['editor', 'demos/editor/ is the code editor'],
  ['stats', 'demos/stats/ is the statistics every demo shares'],
  ['go-shared', 'demos/go-shared/ is code the Go demos share'],
  ['protocol', 'demos/protocol.ts is the wire format'],
  ['node-modules', 'it reads as node_modules/'],
  ['dist', 'dist/ is the built site'],
]);

/** NameCheck is the outcome of checking a name: ok, or the sentence saying what is wrong. */
export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

/**
 * Existing is what a new name may not repeat: names, or a map of name → where it is
 * (`native/ffi/`), which the message then shows instead of the kind's own folder.
 */
export type Existing = Iterable<string> | ReadonlyMap<string, string>;

/** checkName checks a new deck's or demo's name against the rules, the reserved names and `existing`. */
export function checkName(kind: NameKind, name: string, existing: Existing = []): NameCheck {
  const problem = malformation(name) ?? reservation(name) ?? existence(kind, name, existing);
  return problem === undefined ? { ok: true, name } : { ok: false, message: `${kind} name ${quote(name)}: ${problem}` };
}

/** nameError is checkName's message, or undefined for a good name. */
export function nameError(kind: NameKind, name: string, existing: Existing = []): string | undefined {
  const check = checkName(kind, name, existing);
  return check.ok ? undefined : check.message;
}

const wordsAndDashes = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Ordered from the most telling reason to the catch-all, so "../x" says "climbs out", not "bad character".
function malformation(name: string): string | undefined {
  if (name === '') return 'empty; give a name such as "my-talk"';
  if (name.trim() === '') return 'only spaces; give a name such as "my-talk"';
  if (name.length > maxNameLength) return `${name.length} characters long; at most ${maxNameLength}`;
  if (name.includes('..')) return 'contains ".."; a name is one folder and may not climb out of it';
  const separator = /[/\\]/.exec(name)?.[0];
  if (separator !== undefined) return `contains ${quote(separator)}; a name is one folder, not a path`;
  if (/\s/.test(name)) return `contains a space; join words with dashes (${quote(suggestion(name))})`;
  if (/[A-Z]/.test(name)) return `has uppercase letters; use lowercase (${quote(suggestion(name))})`;
  if (name.startsWith('-')) return 'starts with "-", which reads as an option on the command line';
  if (name.endsWith('-')) return 'ends with "-"; end with a letter or digit';
  if (name.includes('--')) return 'contains "--", which separates a demo from its params in recording keys';
  const bad = /[^a-z0-9-]/.exec(name)?.[0];
  if (bad !== undefined) return `contains ${quote(bad)}; use lowercase letters, digits and single dashes`;
  return wordsAndDashes.test(name) ? undefined : 'use lowercase letters, digits and single dashes';
}

function reservation(name: string): string | undefined {
  const reason = reservedNames.get(name);
  return reason === undefined ? undefined : `reserved: ${reason}`;
}

function existence(kind: NameKind, name: string, existing: Existing): string | undefined {
  const where = existing instanceof Map ? (existing as ReadonlyMap<string, string>).get(name) : [...existing].includes(name) ? `${kind === 'deck' ? 'slides' : 'demos'}/${name}/` : undefined;
  return where === undefined ? undefined : `exists already (${where}); pick another name`;
}

// The name a malformed one probably meant: lowercase words joined by single dashes.
function suggestion(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function quote(text: string): string {
  return JSON.stringify(text);
}
