import { CELL_HELP, cellCommand } from './commands/cell.js';
import { COMPARE_HELP, compareCommand } from './commands/compare.js';
import { MERGE_HELP, mergeCommand } from './commands/merge.js';
import { SLURM_HELP, slurmCommand } from './commands/slurm.js';
import { K8S_HELP, k8sCommand } from './commands/k8s.js';
import { envCommand } from './commands/env.js';
import { FINDINGS_HELP, findingsCommand } from './commands/findings.js';
import { INSPECT_HELP, inspectCommand } from './commands/inspect.js';
import { ADVISE_HELP, adviseCommand } from './commands/advise.js';
import { listCommand } from './commands/list.js';
import { REPORT_HELP, reportCommand } from './commands/report.js';
import { RUN_HELP, runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { SETUP_HELP, setupCommand } from './commands/setup.js';
import { validateCommand } from './commands/validate.js';
import { UserError } from './errors.js';

export const HELP = `reclaim: which memory release strategies really give RAM and VRAM back after a model is unloaded

usage:
  ${RUN_HELP.split('\n').join('\n  ')}
  ${REPORT_HELP.split('\n').join('\n  ')}
  ${COMPARE_HELP.split('\n').join('\n  ')}
  ${MERGE_HELP.split('\n').join('\n  ')}
  ${SLURM_HELP.split('\n').join('\n  ')}
  ${K8S_HELP.split('\n').join('\n  ')}
  ${FINDINGS_HELP.split('\n').join('\n  ')}
  ${INSPECT_HELP.split('\n').join('\n  ')}
  ${ADVISE_HELP.split('\n').join('\n  ')}
  reclaim validate <scenario.yaml...>   check scenario files (errors with file:line:col)
  reclaim list                          scenarios, strategies, models, runtimes, and what runs here
  reclaim env                           the environment fingerprint recorded with every run (JSON)
  ${SETUP_HELP}
  reclaim schema [--protocol]           print the JSON schema of scenario files (or of the runner protocol)
  ${CELL_HELP}
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: runCommand,
  report: reportCommand,
  compare: compareCommand,
  merge: mergeCommand,
  slurm: slurmCommand,
  k8s: k8sCommand,
  findings: (args) => findingsCommand(args, HELP),
  inspect: inspectCommand,
  advise: adviseCommand,
  validate: validateCommand,
  list: listCommand,
  env: envCommand,
  setup: setupCommand,
  schema: schemaCommand,
  cell: cellCommand,
};

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UserError(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (reclaim help)`);
  return run(args);
}

/**
 * The whole command line: its exit code (docs/design.md). An error the user can act on is its message,
 * exit 1; anything else is a bug in reclaim, printed with its stack, exit 70.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`reclaim: internal error (please report it):\n${err instanceof Error ? err.stack : String(err)}\n`);
    return 70;
  }
}
