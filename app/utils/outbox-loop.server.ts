/**
 * The loop the mail outbox runs in each app process: one pass every `intervalMs`,
 * the next at once while a pass found a full batch, and a longer pause when the database is away
 * (the pass is lost, not the loop). Claims inside a pass keep two processes from taking one row.
 */
export type OutboxLoop = { stop: () => Promise<void> };

export function startOutboxLoop(options: { pass: () => Promise<number>; batch: number; intervalMs?: number; onStop?: () => void }): OutboxLoop {
  const interval = options.intervalMs ?? 1_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    let next = interval;
    try {
      if ((await options.pass()) >= options.batch) next = 0;
    } catch {
      // The database is away or busy: the next pass tries again; requests report the outage.
      next = interval * 5;
    }
    if (!stopped) schedule(next);
  };
  const schedule = (delay: number) => {
    timer = setTimeout(() => (running = run()), delay);
    timer.unref();
  };
  schedule(0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      options.onStop?.();
    },
  };
}
