import path from 'node:path';
import { PROJECT_ROOT } from '../../paths.js';

/** The Python runner's files in the checkout. */
export const RUNNER_DIR = path.join(PROJECT_ROOT, 'runners', 'python');
export const RUNNER = path.join(RUNNER_DIR, 'runner.py');
export const REQUIREMENTS = path.join(RUNNER_DIR, 'requirements.txt');
