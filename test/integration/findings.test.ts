import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runs, writeRun } from '../fixtures/records.js';
import { reclaim, tmp } from './helpers.js';

describe('reclaim findings', () => {
  it('rewrites each block from the directory it names, keeps the rest, and says which directory is missing', async () => {
    const root = tmp('findings');
    const dir = writeRun(path.join(root, 'run'), [...runs('s', 'del-gc', [340, 350, 345, 352, 348]), ...runs('s', 'malloc-trim', [10.9, 11.0, 10.8, 10.9, 11.1])], {}, { reference: 'del-gc', expect: [{ variant: 'malloc-trim', at_most: 25 }] });
    const page = path.join(root, 'page.md');
    const before = `# Page\n\nOur reading.\n\n<!-- reclaim findings ${dir} summary -->\nold table\n<!-- /reclaim findings -->\n\nMiddle.\n\n<!-- reclaim findings ${path.join(root, 'gone')} -->\n\`\`\`text\n$ reclaim run gone.yaml --repeat 5\nkept as it was\n\`\`\`\n<!-- /reclaim findings -->\n`;
    writeFileSync(page, before);
    const r = await reclaim(['findings', page]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain(`${path.join(root, 'gone')} cannot be read`);
    expect(r.all).toContain('it was made by: reclaim run gone.yaml --repeat 5');
    const after = readFileSync(page, 'utf8');
    expect(after).toMatch(/^# Page\n\nOur reading\.\n\n<!-- reclaim findings .* summary -->\n```text\n\$ reclaim run x\.yaml\n\nSummary, one row per cell/);
    expect(after).toMatch(/malloc-trim\s+5\s+10\.9 \[10\.8, 11\.1\] 93%/);
    expect(after).toContain('s: 1 of 1 expectations hold');
    expect(after).toContain('Middle.');
    expect(after).toContain('kept as it was');
    // A second pass changes nothing.
    expect((await reclaim(['findings', page])).all).toContain('page.md: 0 block(s) rewritten');
  });

  it('writes a compare block from what reclaim compare prints: one axis value against another within a run', async () => {
    const root = tmp('findings-compare');
    const dir = writeRun(path.join(root, 'run'), [
      ...runs('s', 'del-gc', [340, 350, 345, 352, 348], { libc: 'host' }),
      ...runs('s', 'del-gc', [240, 250, 245, 252, 248], { libc: 'glibc-2.43' }),
    ]);
    const page = path.join(root, 'page.md');
    writeFileSync(page, `<!-- reclaim compare ${dir} ${dir} --axis libc=host:glibc-2.43 -->\nold\n<!-- /reclaim compare -->\n`);
    const r = await reclaim(['findings', page]);
    expect(r.exitCode, r.all).toBe(0);
    const after = readFileSync(page, 'utf8');
    expect(after).toContain(`$ reclaim compare ${dir} ${dir} --axis libc=host:glibc-2.43`);
    expect(after).toMatch(/^del-gc\s+retained_mib \(MiB\)\s+348\.0 \[340\.0, 352\.0\] n=5\s+248\.0 \[240\.0, 252\.0\] n=5\s+-100\.0 \[-108\.0, -92\.00\]\s+0\.008\s+better$/m);
    expect((await reclaim(['findings', page])).all).toContain('page.md: 0 block(s) rewritten');
  });
});
