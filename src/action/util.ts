/** The message of anything thrown, first line only (also for errors from another realm). */
export function errorText(err: unknown): string {
  const m = err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err);
  return m.split('\n')[0] ?? m;
}
