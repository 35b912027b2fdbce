/** Child processes for tests that drive the app the way people outside it do: scripts, shells, the CLI. */
import { spawn } from "node:child_process";

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a command to completion. Asynchronous on purpose: with the embedded test database the
 * database server lives in this process's event loop, and a blocked loop would never answer.
 */
export function runProcess(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fails with a clear message when a program a test shells out to is not installed. */
export async function requirePrograms(programs: string[]) {
  const missing = [];
  for (const program of programs) {
    const found = await runProcess("bash", ["-c", `command -v ${program}`], { cwd: process.cwd() });
    if (found.code !== 0) missing.push(program);
  }
  if (missing.length > 0) throw new Error(`These tests need ${missing.join(" and ")} on the PATH (e.g. apt-get install ${missing.join(" ")}).`);
}

/**
 * The start of a bash script that stops at the first failing command and treats every HTTP error
 * as one: `curl` becomes the real curl with --fail-with-body (a 4xx or 5xx exits non-zero) and -sS
 * (quiet, but errors shown). A failing call also copies its answer to stderr, since `$(curl … | jq)`
 * would swallow it. The ERR trap names the command that failed.
 */
export const STRICT_BASH_WITH_FAILING_CURL = String.raw`set -Eeuo pipefail
trap 'echo "failed (exit $?) at script line $LINENO: $BASH_COMMAND" >&2' ERR
curl() {
  local answer status=0
  answer=$(command curl --fail-with-body -sS --noproxy '*' --max-time 30 "$@") || status=$?
  printf '%s\n' "$answer"
  if ((status != 0)); then printf 'curl %s\n  answered: %s\n' "$*" "$answer" >&2; fi
  return "$status"
}`;

/** A script with line numbers, so the ERR trap's line can be found in a failure message. */
export function numbered(script: string): string {
  return script
    .split("\n")
    .map((line, index) => `${String(index + 1).padStart(4)}  ${line}`)
    .join("\n");
}

/** A failure message showing what ran and everything it printed. */
export function describeRun(title: string, script: string, result: ProcessResult): string {
  return [`${title} exited with ${result.code}.`, "--- stderr ---", result.stderr.trimEnd(), "--- stdout ---", result.stdout.trimEnd(), "--- script ---", numbered(script)].join("\n");
}
