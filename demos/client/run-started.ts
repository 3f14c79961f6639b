/**
 * runStartedEvent is the window event a following page dispatches for each run the stage
 * stream announces (`detail`: its RunSummary); the demo plugin hands it to its panels.
 * In a file of its own so the deck's entry chunk (plugin.ts) names it without loading the
 * stage session.
 */
export const runStartedEvent = 'demo:run-started';
