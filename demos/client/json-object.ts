/**
 * The first step of reading an SSE `data:` payload (a run's events, the stage's events):
 * parse it as JSON and keep it only when it is an object. Anything else (a keep-alive, a
 * comment, garbage, a bare number or array) gives null, so a bad message is skipped and
 * never breaks the stream.
 */

/** parseJsonObject parses `data` as a JSON object (not an array), or gives null when it is not one. */
export function parseJsonObject(data: string): object | null {
  try {
    const value: unknown = JSON.parse(data);
    // typeof null is 'object': JSON's null comes back as null.
    return typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
