/** How to start a runner: a program and its arguments (never a shell) and its whole environment. */
export interface RunnerCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}
