// The bare deck's entry: reveal.js and its core styles, no theme (the stock themes inline
// half a megabyte of fonts or fetch them from a CDN), default settings.
import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';

void new Reveal({ hash: true }).initialize();
