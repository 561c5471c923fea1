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
