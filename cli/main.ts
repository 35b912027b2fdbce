/**
 * Evident's admin CLI for self-hosters: `npm run cli -- <command> [options]` (`--help` lists them).
 * Exit codes: 0 done, 1 the command failed, 2 the command line was not understood.
 */
import { commandUsage, generalUsage, parseCommandLine, UsageError, type Context } from "./args";
import { COMMANDS } from "./commands";
import { openCommandDatabase, type CommandDatabase } from "../server/command-database";
import { describeError } from "./errors";

let database: CommandDatabase | null = null;

const io: Context = {
  out: (text) => void process.stdout.write(`${text}\n`),
  say: (text) => void process.stderr.write(`${text}\n`),
  connect: async (options) => {
    database ??= await openCommandDatabase({ say: io.say, ...options });
    return database;
  },
};

async function main(argv: readonly string[]): Promise<number> {
  let invocation;
  try {
    invocation = parseCommandLine(argv, COMMANDS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.say(`${error.message}\n`);
    io.say(error.command ? commandUsage(error.command) : generalUsage(COMMANDS));
    return 2;
  }

  if (invocation.kind === "help") {
    io.out(invocation.command ? commandUsage(invocation.command) : generalUsage(COMMANDS));
    return 0;
  }

  try {
    await invocation.command.run(invocation.values, io);
    return 0;
  } catch (error) {
    // Prefix every line, so each problem of a multi-field validation error names the command.
    io.say(
      describeError(error)
        .split("\n")
        .map((line) => `${invocation.command.name}: ${line}`)
        .join("\n"),
    );
    if (process.env.EVIDENT_DEBUG && error instanceof Error && error.stack) io.say(error.stack);
    return 1;
  } finally {
    await closeDatabase();
  }
}

async function closeDatabase() {
  const open = database;
  database = null;
  await open?.close().catch((error: unknown) => io.say(`Couldn't close the database cleanly: ${describeError(error)}`));
}

/** Waits until everything written to stdout has been handed to the OS, so exiting loses nothing. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write("", () => resolve()));
}

// Interrupted mid-command: close an embedded database this command opened, so it stops between
// two statements rather than wherever the signal found it (an open transaction is rolled back).
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    void closeDatabase().finally(() => process.exit(code));
  });
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    io.say(describeError(error));
    return 1;
  })
  .then(async (code) => {
    await flushStdout();
    process.exit(code);
  });
