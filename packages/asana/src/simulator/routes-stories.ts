// Stories: comments anyone can add, system stories the simulator writes; only one's own comment can go.
import type { Router } from '@backspace/simulator-kit';
import { badRequest, forbidden } from './asana-errors.js';
import { list, ok, type RouteKit } from './route-kit.js';
import { selectFields, storyCompact, storyJson } from './serialize.js';
import type { AsanaStore } from './store.js';
import { findTask } from './routes-tasks.js';

export function addStoryRoutes(router: Router, store: AsanaStore, kit: RouteKit, base: string): void {
  router.post(`${base}/tasks/:task_gid/stories`, kit.write((call) => {
    const task = findTask(store, call, call.request.params.task_gid!);
    // `text` is plain text, kept as written; `html_text` is rich text, whose plain text drops the tags.
    const { text, html_text: html } = call.data;
    const plain = typeof text === 'string' ? text : typeof html === 'string' ? html.replace(/<[^>]+>/g, '') : undefined;
    if (plain === undefined || plain.trim() === '') throw badRequest('text: Missing input');
    const story = store.addStory(task, call.me, 'comment', 'comment_added', plain);
    const record = storyJson(store, story);
    return ok(selectFields(record, call.optFields, record), 201);
  }));
  router.get(`${base}/tasks/:task_gid/stories`, kit.read((call) => {
    const task = findTask(store, call, call.request.params.task_gid!);
    const stories = store.state.stories.filter((story) => story.task === task.gid);
    return list(stories.map((story) => selectFields(storyJson(store, story), call.optFields, storyCompact(store, story))), call);
  }));
  router.get(`${base}/stories/:story_gid`, kit.read((call) => {
    const record = storyJson(store, store.story(call.request.params.story_gid!));
    return ok(selectFields(record, call.optFields, record));
  }));
  router.delete(`${base}/stories/:story_gid`, kit.write((call) => {
    const story = store.story(call.request.params.story_gid!);
    if (story.type !== 'comment') throw forbidden('System stories cannot be deleted');
    if (story.createdBy !== call.me.gid) throw forbidden('You can only delete comments you wrote');
    store.state.stories = store.state.stories.filter((candidate) => candidate.gid !== story.gid);
    store.touch(store.task(story.task));
    return ok({});
  }));
}
