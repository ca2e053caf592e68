// Asana's part of `backspace demo`: the agent closes out the launch checklist too eagerly (twelve tasks
// marked complete, three taken over, one delete tried), a person reopens one task, and after rollback
// the SDK must see eleven reopened, three assignees back, and the person's task as they left it.
import { BackspaceError, type Session } from '@backspace/core';
import type { DemoPart, DemoVerification } from '@backspace/simulator-kit';
import { createAsanaAdapter } from '../adapter.js';
import { AsanaClient, type AsanaObject } from '../client.js';
import { createAsanaSimulator } from './create-simulator.js';

export async function createAsanaDemo(): Promise<DemoPart> {
  const simulator = await createAsanaSimulator();
  const { seed, tokens } = simulator;
  const adapter = createAsanaAdapter({ token: tokens.agent, baseUrl: simulator.url });
  const human = new AsanaClient({ token: tokens.human, basePath: simulator.basePath });
  const completed = seed.taskGids.slice(0, 12);
  const reassigned = completed.slice(0, 3);
  const reopenedByHuman = completed[7]!;
  const deleteTarget = seed.taskGids[12]!;
  let deleteStopped = false;
  const name = (gid: string) => simulator.task(gid)?.name ?? gid;

  const readTask = (gid: string) => human.call<AsanaObject>('getTask', false, () => human.tasks.getTask(gid, { opt_fields: 'name,completed,assignee' }));

  return {
    provider: 'asana',
    adapter,
    simulator,
    async agent(session: Session) {
      const lines: string[] = [];
      for (const gid of completed) {
        await session.run('asana.task.update', { gid, completed: true });
        lines.push(`marked "${name(gid)}" complete (it was not done)`);
      }
      for (const gid of reassigned) {
        await session.run('asana.task.update', { gid, assignee: seed.users.agent });
        lines.push(`reassigned "${name(gid)}" from Theo Teammate to itself`);
      }
      try {
        await session.run('asana.task.delete', { gid: deleteTarget });
        lines.push(`deleted "${name(deleteTarget)}" (asana.task.delete is irreversible: this runtime's policy let it through)`);
      } catch (error) {
        if (!BackspaceError.isInstance(error) || error.code !== 'approval_required') throw error;
        deleteStopped = true;
        lines.push(`tried to delete "${name(deleteTarget)}"; asana.task.delete is irreversible, so the default policy held it for a human's approval and nothing was deleted`);
      }
      return lines;
    },
    async human() {
      await human.call('updateTask', true, () => human.tasks.updateTask({ data: { completed: false } }, reopenedByHuman, {}));
      return [`Hana Human reopened "${name(reopenedByHuman)}": it is not finished`];
    },
    async verify(): Promise<DemoVerification> {
      const agentEffectsRemaining: string[] = [];
      const humanEditsLost: string[] = [];
      for (const gid of completed) {
        const task = await readTask(gid);
        if (gid === reopenedByHuman) {
          if (task.completed) humanEditsLost.push(`Hana reopened "${task.name}", but it is complete again`);
        } else if (task.completed) agentEffectsRemaining.push(`"${task.name}" is still marked complete`);
        if (reassigned.includes(gid) && task.assignee?.gid !== seed.users.teammate) {
          agentEffectsRemaining.push(`"${task.name}" is assigned to ${task.assignee?.name ?? 'nobody'}, not back to Theo Teammate`);
        }
      }
      if (deleteStopped) {
        const survived = await readTask(deleteTarget).then(() => true, (error: { status?: number }) => (error.status === 404 ? false : Promise.reject(error)));
        if (!survived) agentEffectsRemaining.push(`"${deleteTarget}" was deleted though its deletion was held for approval`);
      }
      return { agentEffectsRemaining, humanEditsLost };
    },
    close: () => simulator.close(),
  };
}
