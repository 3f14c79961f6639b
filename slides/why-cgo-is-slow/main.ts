/**
 * The deck's entry: the shared theme and fonts, this deck's own styles, and Reveal with
 * the house runtime plus the demos plugin (which mounts live or replayed demos into the
 * `[data-demo]` placeholders and loads each widget only when its slide shows).
 */
import 'reveal.js/reveal.css';
import '../shared-theme/theme.css';
import './theme.css';
import createDemoPlugin from '../../demos/client/plugin.ts';
import { createDeck } from '../runtime/create-deck.ts';

void createDeck({ plugins: [createDemoPlugin()] });
