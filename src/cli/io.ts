import { parseArgs, type ParseArgsConfig } from "node:util";

/** Where a command writes: process.stdout/stderr in the CLI, buffers in tests. */
export interface Output {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A mistake in how the command was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs`, strict, with positionals: what it rejects (an unknown flag, a missing value) is a UsageError (exit 2). */
export function parseCommandArgs<const O extends OptionsConfig>(args: readonly string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The value of `--flag` when it is one of `allowed`, else a UsageError naming them. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
}
