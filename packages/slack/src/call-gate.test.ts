// The pacer of the history methods: a slot frees a window after the answer came back, never after the
// send alone, so a request that lands late at Slack is still counted right.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { CallGate, WaitStopped } from './call-gate.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CallGate', () => {
  it('lets the next call go a window after the previous answer, in the order asked', async () => {
    const clock = createManualClock(0);
    const gate = new CallGate(clock, { requests: 1, windowMs: 60_000 });
    const started: string[] = [];
    let answerFirst!: () => void;
    const first = gate.run(() => {
      started.push(`first@${clock.now()}`);
      return new Promise<void>((resolve) => (answerFirst = resolve));
    });
    const second = gate.run(async () => void started.push(`second@${clock.now()}`));
    const third = gate.run(async () => void started.push(`third@${clock.now()}`));
    await flush();
    clock.advance(90_000);
    await flush();
    // The first answer has not come back: its slot is still taken, however long it has been.
    expect(started).toEqual(['first@0']);
    answerFirst();
    await first;
    await flush();
    clock.advance(59_999);
    await flush();
    expect(started).toEqual(['first@0']);
    clock.advance(1);
    await second;
    clock.advance(60_000);
    await third;
    expect(started).toEqual(['first@0', 'second@150000', 'third@210000']);
  });

  it('waits out a pause (a 429 told it the app is held to a stricter tier)', async () => {
    const clock = createManualClock(0);
    const gate = new CallGate(clock, { requests: 50, windowMs: 60_000 });
    gate.pause(30_000);
    let ran = false;
    const call = gate.run(async () => void (ran = true));
    await flush();
    clock.advance(29_000);
    await flush();
    expect(ran).toBe(false);
    clock.advance(1_000);
    await call;
    expect(ran).toBe(true);
  });

  it('lets a caller stopped while waiting go at once, sending nothing, and the next caller keeps its turn', async () => {
    const clock = createManualClock(0);
    const gate = new CallGate(clock, { requests: 1, windowMs: 60_000 });
    const started: string[] = [];
    await gate.run(async () => void started.push(`first@${clock.now()}`));
    const kill = new AbortController();
    const stopped = gate.run(async () => void started.push('stopped'), kill.signal);
    const next = gate.run(async () => void started.push(`next@${clock.now()}`));
    await flush();
    kill.abort('killed');
    await expect(stopped).rejects.toBeInstanceOf(WaitStopped);
    clock.advance(60_000);
    await next;
    // The stopped caller never ran, and its turn did not use up the window the next caller needed.
    expect(started).toEqual(['first@0', 'next@60000']);
  });
});
