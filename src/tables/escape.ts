/** Text and attribute values in HTML: every string from a scenario or the environment goes through this. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside <script type="application/json">: no "</script>", no HTML comment openers. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Markdown table cell: the same as text, pipes included. */
export function escapeMarkdownCell(s: unknown): string {
  return escapeMarkdown(s);
}

/**
 * Markdown text from data (a title, a reason): one line, HTML shown as text, and the characters
 * Markdown would act on (emphasis, links and images, code, tables, strikethrough) escaped. Our own
 * text puts it after "- ", "| " or "## ", never at a line's start, so "#" and "1." stay as they are.
 */
export function escapeMarkdown(s: unknown): string {
  return String(s)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** An inline code span that holds `s` literally, whatever backticks it has (CommonMark). */
export function markdownCode(s: unknown): string {
  const text = String(s).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
