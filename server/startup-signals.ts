/**
 * Imported by the server entry before anything heavy is loaded, so SIGINT and SIGTERM are handled
 * from the first moment: during start-up a stop is remembered and acted on between two steps (the
 * database is never left mid-step); a second signal exits at once. Once the server is ready, the
 * entry registers its drain as the handler.
 */
let requested: NodeJS.Signals | null = null;
let handler: ((signal: NodeJS.Signals) => void) | null = null;

function onSignal(signal: NodeJS.Signals) {
  if (handler) return handler(signal);
  if (requested) {
    console.error(`${signal}: stopping now`);
    process.exit(130);
  }
  requested = signal;
  console.log(`${signal}: stopping once the current start-up step is finished (${signal === "SIGINT" ? "Ctrl-C" : signal} again stops at once)`);
}
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

/** The signal that asked start-up to stop, if one did. */
export function stopRequested(): NodeJS.Signals | null {
  return requested;
}

/** From now on, signals go to `drain` (the running server's shutdown); one already received is passed on. */
export function handleSignalsWith(drain: (signal: NodeJS.Signals) => void) {
  handler = drain;
  if (requested) drain(requested);
}
