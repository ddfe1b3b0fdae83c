import { RequestError } from '../../core/errors';
import { readBody, validate } from '../../core/http';
import { MAX_PHOTO_BYTES } from '../../core/photos';
import type { MediaStore } from '../../core/services';
import { MESSAGE_WORDING, WebFieldsSchema, type WebMessageInput } from './schema';

/** Most photos one web message may carry. */
export const MAX_PHOTOS_PER_MESSAGE = 5;

/** Room for the text fields and the multipart framing, besides the photos themselves. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

/** A `multipart/form-data` web message: its fields and its photos, every one checked, none stored yet. */
export interface PhotoMessage {
  fields: WebMessageInput;
  photos: Array<{ name: string; bytes: Uint8Array }>;
}

/** Whether a request carries a `multipart/form-data` body. */
export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '');
}

/**
 * Reads a `multipart/form-data` message (`userId`, `text?`, `locale?`, `clientMessageId?`,
 * `token?` and one or more `file` parts) with the platform's form parser, and checks every photo
 * by its bytes before any is stored: 413 for one over 10 MB (or a body over what five could
 * make), 415 for a file that is not a JPEG, PNG or WebP image, 400 for a malformed form. Each
 * reason names the file.
 */
export async function readPhotoMessage(request: Request, media: MediaStore): Promise<PhotoMessage> {
  const limit = MAX_PHOTOS_PER_MESSAGE * MAX_PHOTO_BYTES + FORM_OVERHEAD_BYTES;
  const body = await readBody(request, limit);
  let form: FormData;
  try {
    form = await new Response(Buffer.from(body), { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch (err) {
    throw new RequestError(400, `Malformed multipart/form-data body (${(err as Error).message}): send the fields and one "file" part per photo`);
  }
  const fields = validate(WebFieldsSchema, textFields(form), MESSAGE_WORDING);
  const files = form.getAll('file');
  if (!files.length) throw new RequestError(400, 'A multipart message needs at least one "file" part (send text alone as JSON)');
  if (files.length > MAX_PHOTOS_PER_MESSAGE) throw new RequestError(413, `${files.length} photos in one message: send at most ${MAX_PHOTOS_PER_MESSAGE}`);
  const photos: PhotoMessage['photos'] = [];
  for (const [i, file] of files.entries()) {
    if (typeof file === 'string') throw new RequestError(400, `Part "file" number ${i + 1} is a text field, not a file`);
    const name = file.name || `photo ${i + 1}`;
    if (file.size > MAX_PHOTO_BYTES) throw new RequestError(413, `"${name}" is ${file.size} bytes, over the ${MAX_PHOTO_BYTES}-byte limit (10 MB per photo)`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    await media.check(bytes).catch((err: unknown) => {
      throw err instanceof RequestError ? new RequestError(err.status, `"${name}": ${err.message}`) : err;
    });
    photos.push({ name, bytes });
  }
  return { fields, photos };
}

/** The form's text fields (every part but the files), each given once. */
function textFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key === 'file') continue;
    if (typeof value !== 'string') throw new RequestError(400, `Field "${key}" must be text; only "file" parts carry files`);
    if (key in out) throw new RequestError(400, `Field "${key}" is given twice`);
    out[key] = value;
  }
  return out;
}
