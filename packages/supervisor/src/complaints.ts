// Customer-channel signals: a Slack channel read through the Slack adapter's client (its history
// reads, paced to the app's tier), messages matching complaint patterns attributed to the agent whose
// recent work they mention (a correlation id, or the id of a resource it touched), and a spike (the
// threshold within the window) reported for that agent. A complaint counts toward one spike of an
// agent only: one a finding already cites stays in the window but makes no second finding.
import { BackspaceError, type Finding } from '@backspace/core';
import type { SlackConnection } from '@backspace/slack';
import type { ComplaintsTrigger } from './config.js';

/** A recent decision as complaints are matched against it. */
export interface Attributable {
  agentId: string;
  sessionId: string;
  resource: string | null;
  correlationId: string | null;
}

interface Complaint {
  ts: string;
  at: number;
  pattern: string;
  agents: Map<string, Set<string>>;
  mentions: string[];
}

export interface Spike {
  agentId: string;
  complaints: { ts: string; pattern: string; mentions: string[] }[];
  sessions: string[];
}

/** The part of a resource key a person would quote: `octo/widgets#12` of `github.issue:octo/widgets#12`. */
function mentionable(resource: string): string | null {
  const id = resource.slice(resource.indexOf(':') + 1);
  return id.length >= 4 ? id : null;
}

export class ComplaintsWatcher {
  private readonly patterns: RegExp[];
  private readonly complaints: Complaint[] = [];
  private newestTs: string | undefined;

  constructor(
    private readonly slack: SlackConnection,
    private readonly trigger: ComplaintsTrigger,
  ) {
    this.patterns = trigger.patterns.map((pattern) => new RegExp(pattern, 'i'));
  }

  /**
   * Refuses, naming the channel, when the supervisor's token cannot read it. Reading starts at
   * `readFrom` (ms; the supervisor gives the start of the window; absent, after the newest message): complaints posted while no supervisor ran (a crash, a
   * restart) count, and a spike a restart cut short is still found. Those a finding cites already are
   * left out by the caller (`spikes`' `counted`).
   */
  async checkReadable(readFrom?: number): Promise<void> {
    try {
      await this.slack.web.conversations.info({ channel: this.trigger.channel });
      const page = await this.slack.history({ channel: this.trigger.channel, limit: 1 });
      this.newestTs = readFrom === undefined ? page.messages?.[0]?.ts : (Math.max(0, readFrom) / 1000).toFixed(6);
    } catch (error) {
      const code = (error as { data?: { error?: string }; providerCode?: string }).data?.error ?? (error as { providerCode?: string }).providerCode ?? (error as Error).message;
      throw new BackspaceError('invalid_config', `supervisor config: triggers.complaints.channel ${this.trigger.channel} cannot be read with the supervisor's Slack token (${code})`, { details: { setting: 'triggers.complaints.channel', channel: this.trigger.channel } });
    }
  }

  /** Reads messages since the last poll and gives the agents whose complaints reach the threshold now. */
  async poll(recent: Attributable[], now: number): Promise<Spike[]> {
    await this.read(recent);
    return this.spikes(now);
  }

  /**
   * Reads messages since the last read, keeping the complaints about `recent` work. Every page: Slack
   * gives the newest first, so one page of a busy channel would leave the older messages unread for
   * good once the newest is taken as read.
   */
  async read(recent: Attributable[]): Promise<void> {
    const listed: NonNullable<Awaited<ReturnType<SlackConnection['history']>>['messages']> = [];
    let cursor: string | undefined;
    do {
      const page = await this.slack.history({ channel: this.trigger.channel, ...(this.newestTs ? { oldest: this.newestTs } : {}), ...(cursor ? { cursor } : {}) });
      listed.push(...(page.messages ?? []));
      cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
    } while (cursor);
    const messages = [...new Map(listed.map((message) => [message.ts, message])).values()].filter((message) => message.ts && (!this.newestTs || Number(message.ts) > Number(this.newestTs))).reverse();
    for (const message of messages) {
      this.newestTs = message.ts!;
      const pattern = this.patterns.find((expression) => expression.test(message.text ?? ''));
      if (!pattern) continue;
      const text = message.text ?? '';
      const agents = new Map<string, Set<string>>();
      const mentions = new Set<string>();
      for (const decision of recent) {
        const quoted = decision.correlationId && text.includes(decision.correlationId) ? decision.correlationId : decision.resource && mentionable(decision.resource) && text.includes(mentionable(decision.resource)!) ? decision.resource : null;
        if (!quoted) continue;
        mentions.add(quoted);
        agents.set(decision.agentId, (agents.get(decision.agentId) ?? new Set()).add(decision.sessionId));
      }
      if (agents.size > 0) this.complaints.push({ ts: message.ts!, at: Number(message.ts) * 1000, pattern: pattern.source, agents, mentions: [...mentions] });
    }
  }

  /**
   * The agents whose complaints in the window reach the threshold at `now`, oldest complaint first,
   * leaving out those `counted` gives for the agent (their ts: complaints a finding already cites).
   */
  spikes(now: number, counted: (agentId: string) => Set<string> = () => new Set()): Spike[] {
    const windowStart = now - (this.trigger.windowMs ?? 3_600_000);
    while (this.complaints.length > 0 && this.complaints[0]!.at < windowStart) this.complaints.shift();
    const byAgent = new Map<string, Complaint[]>();
    for (const complaint of this.complaints) {
      for (const agentId of complaint.agents.keys()) if (!counted(agentId).has(complaint.ts)) byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), complaint]);
    }
    return [...byAgent]
      .filter(([, complaints]) => complaints.length >= this.trigger.threshold)
      .map(([agentId, complaints]) => ({
        agentId,
        complaints: complaints.map(({ ts, pattern, mentions }) => ({ ts, pattern, mentions })),
        sessions: [...new Set(complaints.flatMap((complaint) => [...complaint.agents.get(agentId)!]))],
      }));
  }
}

/** The complaints (Slack ts) each agent's complaint findings on `channel` cite, false alarms included: each was counted once. */
export function countedComplaints(findings: Finding[], channel: string): Map<string, Set<string>> {
  const counted = new Map<string, Set<string>>();
  for (const finding of findings) {
    const evidence = finding.evidence as { channel?: unknown; complaints?: { ts?: unknown }[] } | null;
    if (finding.trigger !== 'complaints' || !finding.agentId || evidence?.channel !== channel || !Array.isArray(evidence.complaints)) continue;
    const cited = counted.get(finding.agentId) ?? new Set<string>();
    for (const complaint of evidence.complaints) if (typeof complaint?.ts === 'string') cited.add(complaint.ts);
    counted.set(finding.agentId, cited);
  }
  return counted;
}
