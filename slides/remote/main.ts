/**
 * The phone remote's entry (its page and this module's caller are generated per deck by
 * the slide compiler, slides/compiler/deck-page.ts, with the deck's demos): the fonts,
 * the page's styles, and the page itself (remote-page.ts).
 */
import '../shared-theme/fonts.css';
import './remote.css';
import type { DemoLoaders } from '../../demos/client/widget-loader.ts';
import { startRemote } from './remote-page.ts';

/** startRemotePage runs the remote in the page's `#remote` element. */
export function startRemotePage(demos: Readonly<Record<string, DemoLoaders>>): void {
  const root = document.getElementById('remote');
  if (root) void startRemote(root, { demos });
}
