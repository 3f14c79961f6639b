/**
 * What every command-line entry point of the project does the same way: turn `main`'s
 * answer into the exit code, and turn Ctrl-C / SIGTERM into a cancel of the work going.
 */

/** runMain runs a command's main and sets the exit code it returns (1 on a crash, with the error printed). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/** Interruption is the cancel a Ctrl-C (or SIGTERM) asks for, and whether it was asked. */
export interface Interruption {
  /** signal aborts on the first Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
  /** interrupted says whether a Ctrl-C / SIGTERM came (the command then exits 130). */
  interrupted(): boolean;
}

/**
 * cancelOnInterrupt aborts `signal` on the first Ctrl-C or SIGTERM, printing `message`. A
 * second Ctrl-C waits like the first: the processes of the run are being killed, and a
 * command that died now would leave them behind.
 */
export function cancelOnInterrupt(message: string): Interruption {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) return;
    console.error(`\n${message}`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, interrupted: () => controller.signal.aborted };
}
