// Planning and rolling back: a session (all of it, or the ticked steps and what they need) or an
// incident; the rollback runs in the background and its page follows it live.
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { BackspaceError, describeIncident, resolveActionIds, sessionTimeline, type IncidentScope, type JournalEntry, type RollbackOptions, type RollbackPlan, type Snapshot } from '@backspace/core';
import type { Center } from '../center.js';
import { html } from '../html.js';
import { blockedBecause } from '../integrity.js';
import { RollbackJob, type JobEvent } from '../rollback-jobs.js';
import { page } from '../views/layout.js';
import { namingFor, type Naming } from '../views/naming.js';
import { planBody } from '../views/plan-page.js';
import { latestState } from '../views/resource-page.js';
import { rollbackBody } from '../views/rollback-page.js';
import { incidentForm, incidentScopeOf, type IncidentFields } from '../views/incident-page.js';
import { sessionEntriesOrThrow } from './session-routes.js';

export function rollbackRoutes(app: Hono, center: Center): void {
  const { runtime } = center;
  // Plan pages are GETs (a link, a reload): a dry run that looks nothing up and appends nothing, on the
  // read-only runtime where one is given. The rollback (a POST) plans again and settles.
  const planner = center.options.planRuntime ?? runtime;

  app.get('/sessions/:id/plan', async (c) => {
    const sessionId = c.req.param('id');
    await sessionEntriesOrThrow(center, sessionId);
    await center.options.beforePlan?.(sessionId);
    const plan = await planner.planRollback(sessionId, { cascades: 'list', settle: false });
    const blocked = blockedBecause((await center.integrity.current()).report);
    const body = planBody(center, await planNaming(center, plan), { plan, action: `/sessions/${sessionId}/rollback`, carry: {}, blocked, subject: `session ${sessionId.slice(0, 8)}`, snapshots: await snapshotsOf(center, plan) });
    return c.html(await page(center, `Rollback plan for session ${sessionId.slice(0, 8)}`, body));
  });

  app.post('/sessions/:id/rollback', async (c) => {
    const sessionId = c.req.param('id');
    const entries = await sessionEntriesOrThrow(center, sessionId);
    const ticked = await tickedSteps(c);
    requireUnambiguous(entries, ticked);
    await requireIntact(center);
    await center.options.beforePlan?.(sessionId);
    // The rollback plans again (under its lock) and runs: the page follows it from the start.
    const options = withSelection(ticked);
    const job = center.jobs.start(new RollbackJob(`session ${sessionId.slice(0, 8)}`, `/sessions/${sessionId}`), (callbacks) => runtime.rollback(sessionId, { ...options, ...callbacks }));
    return c.redirect(`/rollbacks/${job.id}`, 303);
  });

  app.get('/incident', async (c) => {
    const fields: IncidentFields = { agents: c.req.query('agents') ?? '', correlation: c.req.query('correlation') ?? '', since: c.req.query('since') ?? '', until: c.req.query('until') ?? '' };
    if (!fields.agents && !fields.correlation) return c.html(await page(center, 'Incident rollback', incidentForm(fields)));
    const scope = incidentScopeOf(fields);
    const plan = await planner.planIncident(scope, { settle: false });
    for (const sessionId of plan.sessions) await center.options.beforePlan?.(sessionId);
    const blocked = blockedBecause((await center.integrity.current()).report);
    const body = html`${incidentForm(fields)}<h2>Plan: ${plan.sessions.length} sessions</h2>${planBody(center, await planNaming(center, plan), { plan, action: '/incident/rollback', carry: { ...fields }, blocked, subject: `the incident (${describeIncident(scope)})`, snapshots: await snapshotsOf(center, plan) })}`;
    return c.html(await page(center, 'Incident rollback', body));
  });

  app.post('/incident/rollback', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const fields: IncidentFields = { agents: field('agents'), correlation: field('correlation'), since: field('since'), until: field('until') };
    const scope = incidentScopeOf(fields);
    await requireIntact(center);
    const options = withSelection(await tickedSteps(c));
    const back = `/incident?${new URLSearchParams({ ...fields }).toString()}`;
    const job = center.jobs.start(new RollbackJob(`the incident (${describeIncident(scope)})`, back), (callbacks) => runtime.rollbackIncident(scope, { ...options, ...callbacks }));
    return c.redirect(`/rollbacks/${job.id}`, 303);
  });

  app.get('/rollbacks/:id', async (c) => {
    const job = jobOrThrow(center, c.req.param('id'));
    // Each step's resource named from the newest state the journal holds of it, with the names looked up
    // once for the page: the rows the live events update already say what each step is about.
    const keys = [...new Set([...job.steps.values()].map((step) => step.resource))];
    const states = new Map<string, Snapshot | null>();
    for (const key of keys) states.set(key, latestState(await runtime.journal.resourceEntries(key), center.options.content ?? null));
    const body = rollbackBody(await namingFor(center, { resources: keys }), job, states);
    return c.html(await page(center, `Rollback of ${job.title}`, body));
  });

  // Live progress: the steps as they stand, then each event until the report is in.
  app.get('/rollbacks/:id/events', (c) => {
    const job = jobOrThrow(center, c.req.param('id'));
    return streamSSE(c, async (stream) => {
      const send = (event: JobEvent) => stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
      if (job.waiting && !job.planned) await send({ type: 'waiting', ...job.waiting });
      if (job.planned) await send({ type: 'planned', total: job.steps.size });
      for (const step of job.steps.values()) await send({ type: 'step', step, done: job.done, total: job.steps.size });
      if (job.finished) {
        await send(job.error ? { type: 'failed', message: job.error.message } : { type: 'finished', summary: job.report!.summary });
        return;
      }
      await new Promise<void>((resolve) => {
        const unsubscribe = job.subscribe((event) => {
          void send(event);
          if (event.type === 'finished' || event.type === 'failed') {
            unsubscribe();
            resolve();
          }
        });
        stream.onAbort(() => {
          unsubscribe();
          resolve();
        });
      });
    });
  });
}

async function requireIntact(center: Center): Promise<void> {
  const blocked = blockedBecause((await center.integrity.fresh()).report);
  if (blocked) throw new BackspaceError('journal_tampered', `${blocked}; refusing to roll back: run \`backspace verify\``);
}

function jobOrThrow(center: Center, id: string): RollbackJob {
  const job = center.jobs.get(id);
  if (!job) throw new BackspaceError('rollback_not_found', `no rollback ${id} was started from this command center since it started`);
  return job;
}

async function tickedSteps(c: Context): Promise<string[]> {
  const form = await c.req.parseBody({ all: true });
  const steps = form.step;
  return (Array.isArray(steps) ? steps : steps === undefined ? [] : [steps]).filter((step): step is string => typeof step === 'string' && step.length > 0);
}

/**
 * A ticked step must name one action (core's rule: its id, or a prefix of at least four characters). One
 * that starts several committed actions' ids is refused here, naming them, before a rollback is started
 * whose page would only say it stopped. A step naming none is left to the rollback, which settles writes
 * of unknown outcome first and may find it then.
 */
function requireUnambiguous(entries: JournalEntry[], steps: string[]): void {
  const committed = entries.flatMap((entry) => (entry.type === 'action.committed' && entry.actionId && entry.action ? [{ actionId: entry.actionId, action: entry.action }] : []));
  for (const step of steps) {
    try {
      resolveActionIds(committed, [step]);
    } catch (error) {
      if (error instanceof BackspaceError && error.code === 'ambiguous_id') throw new BackspaceError('ambiguous_id', `${error.message}\n(nothing was rolled back)`, { details: error.details });
      if (!(error instanceof BackspaceError && error.code === 'action_not_found')) throw error;
    }
  }
}

function withSelection(steps: string[]): RollbackOptions {
  return { force: false, ...(steps.length > 0 ? { select: { actions: steps } } : {}) };
}

/** Names for a plan's resources and the people in its blast radius, asked once. */
function planNaming(center: Center, plan: RollbackPlan): Promise<Naming> {
  return namingFor(center, { resources: plan.steps.map((step) => step.resource), people: plan.blastRadius.actors });
}

/** What each planned action left, from its session's timeline, to name resources as people know them. */
async function snapshotsOf(center: Center, plan: RollbackPlan): Promise<Map<string, Snapshot | null>> {
  const snapshots = new Map<string, Snapshot | null>();
  for (const sessionId of plan.sessions) {
    for (const item of sessionTimeline(await center.runtime.journal.sessionEntries(sessionId), center.options.content ?? null)) {
      if (item.kind === 'action') snapshots.set(item.actionId, item.post ?? item.pre);
    }
  }
  return snapshots;
}

export type { IncidentScope };
