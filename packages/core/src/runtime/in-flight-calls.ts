// The provider calls this process has in flight, each with an AbortController: a kill in scope aborts
// them at once instead of waiting for their answers (or their timeouts). While any is in flight the
// kill switch is re-read on a timer, so a kill another process writes reaches them too.
import { setMaxListeners } from 'node:events';
import type { KillScope, KillSwitch } from './kill-switch.js';

interface Call {
  agentId: string;
  sessionId: string;
  controller: AbortController;
}

export class InFlightCalls {
  private readonly calls = new Set<Call>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly killSwitch: KillSwitch,
    private readonly pollMs: number,
  ) {
    killSwitch.onKill((scope) => this.abort(scope));
  }

  /** Registers a call; `done` must be called when it settles. */
  start(agentId: string, sessionId: string): { signal: AbortSignal; done: () => void } {
    const call: Call = { agentId, sessionId, controller: new AbortController() };
    // Each request the call sends listens to its signal (core's requestSignal) until the call ends: a
    // call that pages through a list or restores many blocks sends dozens, which is no leak. Without
    // this Node warns of one on the user's stderr past ten.
    setMaxListeners(0, call.controller.signal);
    this.calls.add(call);
    if (!this.timer) {
      this.timer = setInterval(() => void this.killSwitch.refresh(true).catch(() => undefined), this.pollMs);
      this.timer.unref();
    }
    return {
      signal: call.controller.signal,
      done: () => {
        this.calls.delete(call);
        if (this.calls.size === 0 && this.timer) {
          clearInterval(this.timer);
          this.timer = null;
        }
      },
    };
  }

  private abort(scope: KillScope): void {
    for (const call of this.calls) {
      const inScope = scope === 'all' || ('agentId' in scope ? scope.agentId === call.agentId : scope.sessionId === call.sessionId);
      if (inScope) call.controller.abort(new Error(`stopped by the kill switch (${JSON.stringify(scope)})`));
    }
  }
}
