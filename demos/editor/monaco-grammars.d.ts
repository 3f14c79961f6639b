/**
 * Types for the two Monarch grammars monaco.ts may fall back to; monaco-editor ships them
 * as plain JS modules exporting `conf` and `language`.
 */
declare module 'monaco-editor/languages/definitions/go/go.js' {
  export const conf: unknown;
  export const language: unknown;
}
declare module 'monaco-editor/languages/definitions/cpp/cpp.js' {
  export const conf: unknown;
  export const language: unknown;
}
