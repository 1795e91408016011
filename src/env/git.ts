import { execa } from 'execa';
import { PROJECT_ROOT } from '../paths.js';

export interface GitState {
  commit: string | null;
  dirty: boolean | null;
}

/** The commit of reclaim itself and whether its tracked files differ from it (results are ignored). */
export async function gitState(): Promise<GitState> {
  const head = await execa('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, reject: false });
  if (head.exitCode !== 0) return { commit: null, dirty: null };
  const status = await execa('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, reject: false });
  return { commit: head.stdout.trim(), dirty: status.exitCode === 0 ? status.stdout.trim() !== '' : null };
}
