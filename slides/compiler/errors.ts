/**
 * Build errors of the slide compiler. Every problem an author can cause is reported as
 * `file:line: message` (file relative to the project root, line 1-based), the shape
 * editors and terminals turn into a link, and the compiler collects all of them before
 * failing so one build shows every mistake.
 */

/** DeckIssue is one author mistake at a place in a source file. */
export interface DeckIssue {
  /** Path as shown to the author (relative to the project root when known). */
  file: string;
  /** 1-based line; 0 when the problem is the file as a whole. */
  line: number;
  message: string;
}

/** formatIssue renders an issue as `file:line: message`. */
export function formatIssue(issue: DeckIssue): string {
  return issue.line > 0 ? `${issue.file}:${issue.line}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** DeckBuildError carries every issue found; its message lists them, one per line. */
export class DeckBuildError extends Error {
  readonly issues: DeckIssue[];

  constructor(issues: DeckIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'DeckBuildError';
    this.issues = issues;
  }

  /**
   * How Node prints the error (util.inspect: Vite's "error during build", an uncaught
   * error): the issues alone. Where in the compiler they were found is no help to an
   * author, so no stack trace follows them.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `the deck does not build:\n${this.message}`;
  }
}

/** createIssueList collects issues; `throwIfAny` fails with all of them at once. */
export function createIssueList(): {
  issues: DeckIssue[];
  add(file: string, line: number, message: string): void;
  throwIfAny(): void;
} {
  const issues: DeckIssue[] = [];
  return {
    issues,
    add(file, line, message) {
      issues.push({ file, line, message });
    },
    throwIfAny() {
      if (issues.length > 0) throw new DeckBuildError(issues);
    },
  };
}
