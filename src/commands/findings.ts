import path from 'node:path';
import { loadAnalysedRun } from '../analysis/load.js';
import { readRegularFile, ReadRefused } from '../bounded-read.js';
import { parse } from '../cli/args.js';
import { summaryTable } from '../cli/summary-table.js';
import { familyTables } from '../figures/families.js';
import { textTable } from '../tables/render.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { judge, verdictLines } from '../verdicts/judge.js';
import { compareOutput } from './compare.js';

export const FINDINGS_HELP = `reclaim findings <file.md...>
    rewrites each findings block of these Markdown files from the results directory it names:
    <!-- reclaim findings DIR [summary] --> ... <!-- /reclaim findings --> (docs/findings/: make findings),
    each <!-- reclaim compare BASE NEW [options] --> block with what reclaim compare prints,
    and each <!-- reclaim help --> block with reclaim --help`;

/** A Markdown file may hold this much (the docs' pages are a few KB). */
const MAX_BYTES = 1024 * 1024;
const HELP_BLOCK = /<!-- reclaim help -->\n[\s\S]*?<!-- \/reclaim help -->/g;
const BLOCK = /<!-- reclaim findings ([^\s>]+)( summary)? -->\n[\s\S]*?<!-- \/reclaim findings -->/g;
const COMPARE_BLOCK = /<!-- reclaim compare ([^>\n]{1,400}) -->\n[\s\S]*?<!-- \/reclaim compare -->/g;

/**
 * A block's text: the command that made the run, then what `reclaim run` printed of it at the end (with
 * `summary`: its first table, one row per cell, and the verdict lines).
 */
export function findingsBlock(dir: string, short: boolean, warn: (line: string) => void): string {
  const data = loadAnalysedRun(dir, warn);
  const verdicts = verdictLines(judge(data.view));
  const [first] = familyTables(data.view);
  const table = short && first ? [first.terminal, textTable(first.grid)].join('\n') : summaryTable(data.view);
  const body = [`$ reclaim ${data.manifest.command.join(' ')}`, '', table, ...(verdicts.length ? ['', ...verdicts] : [])].join('\n');
  return `<!-- reclaim findings ${dir}${short ? ' summary' : ''} -->\n\`\`\`text\n${body}\n\`\`\`\n<!-- /reclaim findings -->`;
}

/**
 * `reclaim findings FILE.md...`: the measured tables of the docs (docs/findings/) come from results
 * directories, never from hand: each block names its directory (relative to where the command runs)
 * and is rewritten from it; a `reclaim help` block becomes `reclaim --help` (docs/reference/cli.md). A directory that is not there leaves its block as it was, and says which
 * command made it. Exit 0; 1 on a file that cannot be read.
 */
export async function findingsCommand(args: string[], help: string): Promise<number> {
  const { positionals } = parse('findings', args, {});
  if (!positionals.length) throw new UserError(`reclaim findings: name the Markdown files\n\n${FINDINGS_HELP}`);
  for (const file of positionals) {
    let text: string;
    try {
      text = readRegularFile(file, MAX_BYTES);
    } catch (err) {
      throw new UserError(`${file}: ${err instanceof ReadRefused ? err.message : String(err)}`);
    }
    let changed = 0;
    const helpBlock = `<!-- reclaim help -->\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n<!-- /reclaim help -->`;
    const out = text.replace(HELP_BLOCK, (block) => (block === helpBlock ? block : (changed++, helpBlock))).replace(BLOCK, (block, dir: string, short: string | undefined) => {
      try {
        const fresh = findingsBlock(dir, short !== undefined, (line) => process.stderr.write(`${line}\n`));
        if (fresh !== block) changed++;
        return fresh;
      } catch (err) {
        const made = /\$ (reclaim .*)/.exec(block)?.[1];
        process.stderr.write(`reclaim findings: ${file}: ${dir} cannot be read (${err instanceof Error ? err.message : String(err)}); its block is left as it was${made ? `; it was made by: ${made}` : ''}\n`);
        return block;
      }
    });
    const compared = out.replace(COMPARE_BLOCK, (block, args: string) => {
      try {
        const fresh = `<!-- reclaim compare ${args} -->\n\`\`\`text\n$ reclaim compare ${args}\n\n${compareOutput(args.trim().split(/\s+/)).text.trimEnd()}\n\`\`\`\n<!-- /reclaim compare -->`;
        if (fresh !== block) changed++;
        return fresh;
      } catch (err) {
        process.stderr.write(`reclaim findings: ${file}: reclaim compare ${args} failed (${err instanceof Error ? err.message : String(err)}); its block is left as it was\n`);
        return block;
      }
    });
    if (changed) writeFileAtomic(path.resolve(file), compared);
    process.stdout.write(`${file}: ${changed} block(s) rewritten\n`);
  }
  return 0;
}
