import { describe, expect, it } from 'vitest';
import { createAsanaAdapter } from './adapter.js';

describe('Asana resources as people know them', () => {
  it("names a task by its name, linked in Asana's app when the adapter talks to Asana", () => {
    const asana = createAsanaAdapter({ token: '1/placeholder' });
    expect(asana.describe!({ provider: 'asana', type: 'task', id: '1204000000000021' }, { name: 'Launch checklist item 1' })).toEqual({
      label: 'task "Launch checklist item 1"',
      url: 'https://app.asana.com/0/0/1204000000000021',
    });
  });

  it("names a comment by its first words, and links nothing of a simulator's", () => {
    const simulated = createAsanaAdapter({ token: '1/placeholder', baseUrl: 'http://127.0.0.1:4012' });
    expect(simulated.describe!({ provider: 'asana', type: 'story', id: '1204000000000099' }, { text: 'keep this task' })).toEqual({ label: 'comment "keep this task"' });
    expect(simulated.describe!({ provider: 'asana', type: 'task', id: '1204000000000021' }, { name: 'x' })).toEqual({ label: 'task "x"' });
  });
});
