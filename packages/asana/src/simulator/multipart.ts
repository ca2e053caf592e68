// A multipart/form-data body's fields, for the one Asana endpoint that takes one (POST /attachments, as
// the SDK's createAttachmentForObject sends it), parsed by the platform's own Fetch API (Response.formData):
// text fields as strings, a file part as its name and size.
import { badRequest } from './asana-errors.js';

export interface FormFile {
  filename: string;
  size: number;
}

/** The form's fields by name; a file part as a `FormFile`. */
export async function parseMultipart(contentType: string | undefined, rawBody: string): Promise<Record<string, string | FormFile>> {
  const refused = () => badRequest('file: This endpoint expects a multipart/form-data request');
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) throw refused();
  const form = await new Response(rawBody, { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw refused();
  });
  const fields: Record<string, string | FormFile> = {};
  for (const [name, value] of form) fields[name] = typeof value === 'string' ? value : { filename: value.name, size: value.size };
  return fields;
}
