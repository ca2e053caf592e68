// Keys derived from a request id or a progress token, for calls whose client gives no key of its own.
// A JSON-RPC id names a request of one client process, not of the MCP session: a client that resumes
// the session in a new process (the SDK's transport given the `Mcp-Session-Id`) starts its ids again, so
// its request 1 is a new call. Keyed by the id alone, that call would be answered with the earlier
// request 1's result (the agent told its write happened when nothing was sent) or refused over a key it
// never gave. So a derived key names one use of the id in this connection: the same request delivered
// again while it still runs shares the key (the runtime answers it is in flight, nothing written twice);
// a request with that id after it finished is another call, with a key of its own.
export class DerivedKeys {
  private readonly uses = new Map<string, number>();
  private readonly running = new Map<string, { key: string; calls: number }>();

  /** The key for a call under `base` (session and request id); `release` once the call has finished. */
  claim(base: string): { key: string; release: () => void } {
    let use = this.running.get(base);
    if (!use) {
      const count = (this.uses.get(base) ?? 0) + 1;
      this.uses.set(base, count);
      use = { key: count === 1 ? base : `${base}:use:${count}`, calls: 0 };
      this.running.set(base, use);
    }
    const claimed = use;
    claimed.calls += 1;
    let released = false;
    return {
      key: claimed.key,
      release: () => {
        if (released) return;
        released = true;
        claimed.calls -= 1;
        if (claimed.calls === 0 && this.running.get(base) === claimed) this.running.delete(base);
      },
    };
  }
}
