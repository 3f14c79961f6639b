/**
 * The window events between a deck's demo panels (plugin.ts) and its stage session
 * (stage-session.ts), in a file of their own so the deck's entry chunk names them without
 * loading the stage session.
 */

/**
 * runStartedEvent is the window event a following page dispatches for each run the stage
 * stream announces (`detail`: its RunSummary); the demo plugin hands it to its panels.
 * In a file of its own so the deck's entry chunk (plugin.ts) names it without loading the
 * stage session.
 */
export const runStartedEvent = 'demo:run-started';

/**
 * fallbackShownEvent is the window event a panel's window dispatches when the speaker shows
 * a recording in place of the live run (`detail`: StageFallback); the speaker's stage
 * session tells the audience (`POST api/stage/fallback`).
 */
export const fallbackShownEvent = 'demo:fallback-shown';

/**
 * stageFallbackEvent is the window event a following page dispatches for the stage
 * stream's `fallback` (`detail`: StageFallback): its panels of that demo and selection show
 * the same recording.
 */
export const stageFallbackEvent = 'demo:stage-fallback';
