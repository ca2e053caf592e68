// Reads and deletes that meet an object already gone: a snapshot of nothing, and a delete whose work is
// done (a retry after its answer was lost, or someone else deleted it first).
import { ProviderError } from '../errors.js';

/** The provider says there is no such object: HTTP 404 or 410. */
export function isGone(error: unknown): boolean {
  return ProviderError.isInstance(error) && (error.status === 404 || error.status === 410);
}

/** The read's answer, or null when the object is gone (`gone` decides; default: a 404 or 410). */
export async function nullWhenGone<T>(read: () => Promise<T>, gone: (error: unknown) => boolean = isGone): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (gone(error)) return null;
    throw error;
  }
}

/** Runs a delete (or a trash) safe to run again: an object already gone is its effect there. */
export async function doneWhenGone(write: () => Promise<unknown>, gone: (error: unknown) => boolean = isGone): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!gone(error)) throw error;
  }
}
