// `backspace supervise`: the supervisor as a long-lived process over the configured journal, with a
// line for each finding, pause and rollback, a summary now and then, and a graceful stop on Ctrl-C or
// SIGTERM (the audit in progress finishes). `backspace findings` lists what it found, and
// `findings false-alarm <id>` records a person's word that a finding was wrong.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BackspaceError, createRuntime, type Adapter } from '@backspace/core';
import { createSupervisor, PgBossAuditQueue, type SupervisorConfig } from '@backspace/supervisor';
import { createAdapters } from '../adapters.js';
import { loadConfig, type BackspaceConfig } from '../config.js';
import { withCommandContext, type GlobalOptions } from '../context.js';
import { openJournal } from '../journal.js';
import { readJsonFile } from '../json-file.js';
import { operatorName } from '../operator.js';
import { printJson } from '../output.js';
import { securitySettings } from '../security.js';

export const DEFAULT_SUPERVISOR_CONFIG = 'backspace.supervisor.json';

interface SuperviseFlags {
  rules: string;
  workers: string;
  summaryEvery: string;
}

/** The supervisor's configuration file, refused with the file named when it cannot be read. */
function readSupervisorConfig(path: string): SupervisorConfig {
  // Named by line and column, never quoted: the rules may sit beside tokens (a Slack one for alerts).
  return readJsonFile(resolve(path), 'supervisor config') as SupervisorConfig;
}

function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

export function registerSuperviseCommands(program: Command): void {
  program
    .command('supervise')
    .description('audit agents on a delay, sample, watch drift and complaint spikes, and pause or roll back by itself; Ctrl-C stops')
    .option('--rules <path>', 'the supervisor configuration (triggers, delays, responses)', DEFAULT_SUPERVISOR_CONFIG)
    .option('--workers <n>', 'PostgreSQL journal: audits this process works on at once (shared with other supervisors through pg-boss)', '1')
    .option('--summary-every <seconds>', 'print a summary this often', '30')
    .action(async (flags: SuperviseFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(options.config);
      const supervisorConfig = readSupervisorConfig(flags.rules);
      const workers = Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new BackspaceError('invalid_config', `--workers must be a whole number from 1 to 64, got ${flags.workers}`);
      const adapters = await createAdapters(config);
      const journal = await openJournal(config, { ...(options.journal ? { journal: options.journal } : {}), ...(options.schema ? { schema: options.schema } : {}), access: 'write' });
      const say = (line: string) => (options.json ? printJson({ at: new Date().toISOString(), line }) : process.stdout.write(`${stamp()} ${line}\n`));
      try {
        const runtime = createRuntime({ journal, adapters, ...securitySettings(config) });
        const postgres = journal.kind === 'postgres' ? postgresUrl(config, options) : null;
        const queue = postgres ? new PgBossAuditQueue({ connectionString: postgres, workers }) : undefined;
        const slack = adapters.find((adapter): adapter is Adapter => adapter.provider === 'slack');
        const supervisor = createSupervisor({ runtime, config: supervisorConfig, say, ...(queue ? { queue } : {}), ...(slack ? { slack } : {}) });
        await supervisor.start();
        const triggers = Object.keys(supervisorConfig.triggers).join(', ');
        say(`supervising ${journal.kind} journal: ${triggers}; audits ${(supervisorConfig.auditDelayMs ?? 300_000) / 1000} s after each commit${queue ? `, shared through pg-boss (${workers} worker${workers > 1 ? 's' : ''})` : ''}; Ctrl-C stops`);
        const summary = setInterval(() => {
          const { seen, audited, findings, problems } = supervisor.stats;
          say(`seen ${seen} committed actions, audited ${audited}, ${findings} finding${findings === 1 ? '' : 's'}${problems ? `, ${problems} problems` : ''}`);
        }, Math.max(1, Number(flags.summaryEvery) || 30) * 1000);
        await stopSignal();
        clearInterval(summary);
        say('stopping: finishing the audit in progress');
        await supervisor.stop();
        const { audited, findings } = supervisor.stats;
        say(`stopped: audited ${audited}, ${findings} finding${findings === 1 ? '' : 's'}`);
      } finally {
        await journal.close();
      }
    });

  const findings = program.command('findings').description("the supervisor's findings, and marking one a false alarm");
  findings
    .command('list', { isDefault: true })
    .description('every finding: trigger, verdict, agent, what was done, false alarms')
    .option('--agent <id>', 'only this agent')
    .action(async (flags: { agent?: string }, command: Command) =>
      withCommandContext(command, { access: 'read' }, async ({ runtime, options }) => {
        const found = await runtime.supervision.findings(flags.agent ? { agentId: flags.agent } : {});
        if (options.json) return printJson({ findings: found });
        if (found.length === 0) return void process.stdout.write('no findings\n');
        for (const finding of found) {
          const done = finding.responses.map((response) => (response as { kind?: string }).kind).join(', ') || 'not answered yet';
          const alarm = finding.falseAlarm ? `  false alarm (${finding.falseAlarm.by}: ${finding.falseAlarm.reason})` : '';
          process.stdout.write(`${finding.findingId.slice(0, 8)}  ${finding.at}  ${finding.trigger}/${finding.verdict}  agent ${finding.agentId ?? '-'}  ${done}${alarm}\n    ${finding.summary}\n`);
        }
      }),
    );
  findings
    .command('false-alarm <findingId>')
    .description('record that a finding was a false alarm (journaled with who and why)')
    .requiredOption('--reason <text>', 'why it was a false alarm')
    .option('--by <name>', 'who decides', operatorName())
    .action(async (findingId: string, flags: { reason: string; by: string }, command: Command) =>
      withCommandContext(command, { access: 'write' }, async ({ runtime, options }) => {
        const all = await runtime.supervision.findings();
        const matching = all.filter((finding) => finding.findingId.startsWith(findingId));
        if (matching.length !== 1) throw new BackspaceError(matching.length === 0 ? 'invalid_input' : 'ambiguous_id', matching.length === 0 ? `no finding ${findingId}: \`backspace findings\` lists them` : `${findingId} names ${matching.length} findings: give more of the id`);
        const marked = await runtime.supervision.markFalseAlarm(matching[0]!.findingId, { by: flags.by, reason: flags.reason });
        if (options.json) return printJson({ finding: marked });
        process.stdout.write(`finding ${marked.findingId} marked a false alarm by ${marked.falseAlarm?.by}\n`);
      }),
    );
}

/** The PostgreSQL URL the journal was opened from: pg-boss keeps its queue in the same database. */
function postgresUrl(config: BackspaceConfig, options: GlobalOptions): string {
  const url = options.journal ?? (config.journal && 'postgres' in config.journal ? config.journal.postgres : undefined);
  if (!url) throw new BackspaceError('invalid_config', 'a PostgreSQL journal needs its URL to share audits');
  return url;
}

function stopSignal(): Promise<void> {
  return new Promise((resolvePromise) => {
    process.once('SIGINT', () => resolvePromise());
    process.once('SIGTERM', () => resolvePromise());
  });
}
