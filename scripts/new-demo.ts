/** `npm run new-demo -- <id> --lang c|go|rust [--title "…"]`: see scaffold/new-demo.ts. */
import { resolve } from 'node:path';
import { newDemo } from './scaffold/new-demo.ts';

process.exitCode = newDemo(process.argv.slice(2), {
  rootDir: resolve(import.meta.dirname, '..'),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
