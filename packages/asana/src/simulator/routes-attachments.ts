// Attachments: a file uploaded to a task, or a link to one elsewhere, each recorded on the task as an
// `attachment_added` story by whoever attached it. Deleting the task takes its attachments with it.
import type { Router } from '@backspace/simulator-kit';
import { badRequest, forbidden, notFound } from './asana-errors.js';
import type { AttachmentRecord } from './model.js';
import type { FormFile } from './multipart.js';
import { list, ok, type RouteKit } from './route-kit.js';
import { attachmentCompact, attachmentJson, selectFields } from './serialize.js';
import type { AsanaStore } from './store.js';


export function addAttachmentRoutes(router: Router, store: AsanaStore, kit: RouteKit, base: string): void {
  const json = (optFields: string | undefined, attachment: AttachmentRecord) => {
    const record = attachmentJson(store, attachment);
    return selectFields(record, optFields, record);
  };
  // An attachment is found while its task is: one in the trash answers 404, as the task does.
  const find = (gid: string): AttachmentRecord => {
    const attachment = store.state.attachments.find((candidate) => candidate.gid === gid);
    if (!attachment) throw notFound(gid);
    store.task(attachment.parent);
    return attachment;
  };

  router.post(`${base}/attachments`, kit.write((call) => {
    const { parent, resource_subtype: subtype = 'asana', url, name, file } = call.data as Record<string, string | FormFile | undefined>;
    if (typeof parent !== 'string' || parent === '') throw badRequest('parent: Missing input');
    const task = store.task(parent);
    if (subtype !== 'asana' && subtype !== 'external') throw badRequest(`resource_subtype: Not a valid enum value: ${String(subtype)}`);
    let attachment: AttachmentRecord;
    const gid = store.newGid();
    const common = { gid, parent: task.gid, createdAt: store.now(), createdBy: call.me.gid };
    if (subtype === 'external') {
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw badRequest('url: An external attachment needs the url of the resource');
      attachment = { ...common, name: typeof name === 'string' && name !== '' ? name : url, resourceSubtype: 'external', url, size: null };
    } else {
      if (file === undefined || typeof file === 'string') throw badRequest('file: File is not an object');
      attachment = { ...common, name: typeof name === 'string' && name !== '' ? name : file.filename, resourceSubtype: 'asana', url: `https://asana-user-private-us-east-1.s3.amazonaws.com/assets/${gid}/${encodeURIComponent(file.filename)}`, size: file.size };
    }
    store.state.attachments.push(attachment);
    store.recordChange(task, call.me, 'attachment_added', `attached ${attachment.name}`);
    return ok(json(call.optFields, attachment));
  }, { form: true }));
  router.get(`${base}/attachments`, kit.read((call) => {
    const parent = call.request.query.parent;
    if (!parent) throw badRequest('parent: Missing input');
    const task = store.task(parent);
    const attachments = store.state.attachments.filter((attachment) => attachment.parent === task.gid);
    return list(attachments.map((attachment) => selectFields(attachmentJson(store, attachment), call.optFields, attachmentCompact(attachment))), call);
  }));
  router.get(`${base}/attachments/:attachment_gid`, kit.read((call) => ok(json(call.optFields, find(call.request.params.attachment_gid!)))));
  router.delete(`${base}/attachments/:attachment_gid`, kit.write((call) => {
    const attachment = find(call.request.params.attachment_gid!);
    if (attachment.createdBy !== call.me.gid) throw forbidden('You can only delete attachments you added');
    store.state.attachments = store.state.attachments.filter((candidate) => candidate.gid !== attachment.gid);
    store.touch(store.task(attachment.parent));
    return ok({});
  }));
}
