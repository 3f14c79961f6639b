/**
 * monaco-core: the part of Monaco the deck uses, and only that part: the editor API plus
 * the few contributions an editable slide needs (hover, so a red squiggle explains
 * itself; find; bracket matching; comment toggling; jump to the next error). Importing
 * `monaco-editor` itself would pull every language service (TypeScript, CSS, HTML, JSON)
 * and their workers. Imported only by ./monaco.ts, dynamically.
 */
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/features/find/register.js';

export * from 'monaco-editor/editor/editor.api.js';
