// One progress line for a rollback on a terminal: steps done of the total, failures so far, and the time
// left at the pace so far. Rewritten in place; nothing at all when the output is piped or --json.
import type { ProgressEvent } from '@backspace/core';
import { paint } from './output.js';

export interface ProgressLine {
  onProgress(event: ProgressEvent): void;
  /** Clears the line, so the report that follows starts clean. */
  stop(): void;
}

const REDRAW_MS = 250;

export function startProgressLine(total: number, stream: NodeJS.WriteStream = process.stdout, now: () => number = Date.now): ProgressLine {
  const started = now();
  let done = 0;
  let problems = 0;
  const draw = () => {
    const left = done === 0 ? 'estimating time left' : `about ${formatDuration(((now() - started) / done) * Math.max(0, total - done))} left`;
    const trouble = problems > 0 ? `, ${paint('red', `${problems} not undone`)}` : '';
    stream.write(`\r\x1b[2Krolling back: ${Math.min(done, total)}/${total} steps${trouble} · ${left}`);
  };
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    onProgress(event) {
      if (event.phase !== 'finished') return;
      done += 1;
      if (event.outcome === 'failed' || event.outcome === 'unreachable' || event.outcome === 'conflict') problems += 1;
      draw();
    },
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
