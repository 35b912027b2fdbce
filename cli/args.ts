/**
 * The CLI's command-line grammar: `<command> [--option value …]`, `help [command]`, `--help`.
 * Every option takes a string value; the commands themselves validate what the values mean.
 */
import { parseArgs } from "node:util";
import type { CommandDatabase, OpenOptions } from "../server/command-database";

/** An option with a value (`--team <slug>`), or with `flag: true` a switch without one (`--force`, read as "true"). */
export type OptionSpec = { value: string; description: string; required: boolean; flag?: true };

/**
 * What a command works with: `out` writes its result (stdout, for scripts), `say` talks to people
 * (stderr), `connect` opens the database — called after validating input, so bad input fails fast.
 */
export type Context = {
  out: (text: string) => void;
  say: (text: string) => void;
  connect: (options?: Pick<OpenOptions, "initialize" | "migrate">) => Promise<CommandDatabase>;
};

type RequiredKeys<S extends Record<string, OptionSpec>> = { [K in keyof S]: S[K]["required"] extends true ? K : never }[keyof S];
type OptionalKeys<S extends Record<string, OptionSpec>> = Exclude<keyof S, RequiredKeys<S>>;

/** The option values a command receives; required options are guaranteed present by the parser. */
export type Values<S extends Record<string, OptionSpec>> = { [K in RequiredKeys<S>]: string } & { [K in OptionalKeys<S>]?: string };

export type Command = {
  name: string;
  summary: string;
  /** Extra lines for `help <command>`. */
  details: string[];
  options: Record<string, OptionSpec>;
  run: (values: Record<string, string | undefined>, context: Context) => Promise<void>;
};

/** Ties a command's option table to the type of the values its `run` receives. */
export function defineCommand<const S extends Record<string, OptionSpec>>(spec: {
  name: string;
  summary: string;
  details?: string[];
  options: S;
  run: (values: Values<S>, context: Context) => Promise<void>;
}): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    details: spec.details ?? [],
    options: spec.options,
    // Sound because parseCommandLine rejects a command line that lacks a required option.
    run: (values, context) => spec.run(values as Values<S>, context),
  };
}

/** A command line the CLI cannot act on: reported with usage and exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export type Invocation =
  | { kind: "help"; command?: Command }
  | { kind: "run"; command: Command; values: Record<string, string | undefined> };

const HELP_FLAGS = new Set(["--help", "-h"]);

export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("No command given.");

  if (first === "help" || HELP_FLAGS.has(first)) {
    if (rest.length === 0) return { kind: "help" };
    const command = commands.find((candidate) => candidate.name === rest[0]);
    if (!command) throw new UsageError(`Unknown command "${rest[0]}".`);
    if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}".`, command);
    return { kind: "help", command };
  }

  const command = commands.find((candidate) => candidate.name === first);
  if (!command) throw new UsageError(first.startsWith("-") ? `Unknown option "${first}". Give a command first.` : `Unknown command "${first}".`);
  if (rest.some((arg) => HELP_FLAGS.has(arg))) return { kind: "help", command };

  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.flag ? ("boolean" as const) : ("string" as const) }]));
    const parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values;
    values = Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, value === true ? "true" : value === false ? undefined : value]));
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
  const missing = Object.entries(command.options).filter(([name, spec]) => spec.required && values[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`Missing ${missing.map(([name]) => `--${name}`).join(", ")}.`, command);
  }
  return { kind: "run", command, values };
}

// node:util's messages are written for programmers ("place it at the end of the command after '--'…").
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = message.match(/'([^']+)'/)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Unknown option "${quoted ?? message}".`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `Unexpected argument "${quoted ?? message}". Values follow their option, as in --name "Acme".`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // "--name" at the end, or followed by another option: say which value is missing.
      return quoted ? `${quoted.split(" ")[0]} needs a value (use --option=value for values that start with "-").` : message;
    default:
      return message;
  }
}

const PROGRAM = "npm run cli --";

const optionText = (name: string, spec: OptionSpec) => (spec.flag ? `--${name}` : `--${name} <${spec.value}>`);

function optionLine([name, spec]: [string, OptionSpec]): string {
  const text = optionText(name, spec);
  return spec.required ? text : `[${text}]`;
}

export function commandUsage(command: Command): string {
  const options = Object.entries(command.options);
  const width = Math.max(...options.map(([name, spec]) => optionText(name, spec).length));
  return [
    `Usage: ${PROGRAM} ${command.name} ${options.map(optionLine).join(" ")}`,
    "",
    command.summary,
    ...(command.details.length > 0 ? ["", ...command.details] : []),
    "",
    "Options:",
    ...options.map(([name, spec]) => `  ${optionText(name, spec).padEnd(width)}  ${spec.description}`),
  ].join("\n");
}

export function generalUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "Evident admin CLI",
    "",
    `Usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} help <command>    (or <command> --help)`,
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Database: DATABASE_URL when set. Otherwise the embedded database in EVIDENT_DATA_DIR (default ./data):",
    "the running Evident's, or opened (and migrated) just for the command when Evident is not running.",
    "",
    "Results go to stdout, messages to stderr. Exit codes: 0 done, 1 error, 2 usage error.",
  ].join("\n");
}
