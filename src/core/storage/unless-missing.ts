// A file or folder that is not there is often an answer rather than a failure: no journal yet, no
// archive for a day, no staged copy, no settings file. These read it, or give the stated answer when
// it does not exist (ENOENT); every other error still throws.

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export async function unlessMissing<T, M>(reading: Promise<T>, missing: M): Promise<T | M> {
  try {
    return await reading;
  } catch (error) {
    if (isMissing(error)) return missing;
    throw error;
  }
}

export function unlessMissingSync<T, M>(read: () => T, missing: M): T | M {
  try {
    return read();
  } catch (error) {
    if (isMissing(error)) return missing;
    throw error;
  }
}
