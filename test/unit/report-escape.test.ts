import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdownCell, jsonForScript } from '../../src/tables/escape.js';

describe('escaping', () => {
  it('HTML text and attributes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });
  it('JSON inside a script element cannot close it', () => {
    const s = jsonForScript({ v: '</script><script>alert(1)</script>', w: '\u2028' });
    expect(s).not.toMatch(/<|>/);
    expect(JSON.parse(s)).toEqual({ v: '</script><script>alert(1)</script>', w: '\u2028' });
  });
  it('Markdown table cells', () => {
    expect(escapeMarkdownCell('a|b <i>\nc')).toBe('a\\|b &lt;i&gt; c');
  });
});
