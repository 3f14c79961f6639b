/**
 * fetchProgressPrinter: how a terminal shows Go releases being fetched (fetchGoReleases'
 * progress), for `npm run fetch-go-releases` and `npm run preflight -- --fetch`: one line
 * per step, and the download's own progress only every 10 %, so a log stays short.
 */
import type { FetchProgress } from '../server/toolchains/go-release-cache.ts';

/** fetchProgressPrinter returns an onProgress for fetchGoReleases that prints through `print`. */
export function fetchProgressPrinter(print: (line: string) => void): (progress: FetchProgress) => void {
  let lastStep = '';
  return (progress) => {
    const step = progress.fraction === undefined ? progress.message : `${progress.version} ${Math.floor(progress.fraction * 10) * 10} %`;
    if (step === lastStep) return;
    lastStep = step;
    print(progress.phase === 'downloading' && progress.fraction !== undefined ? `${progress.message} (${Math.round(progress.fraction * 100)} %)` : progress.message);
  };
}
