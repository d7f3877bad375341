import type { CitationStyle } from './settings';

/**
 * Text of a citation for `key` in a document of the given VS Code language: `\citep{key}` in LaTeX,
 * `[@key]` (Pandoc) in Markdown, `@key` in Typst (`auto` falls back to `\cite`: only the server knows the document's
 * dominant macro). Used only when the server cannot insert the citation itself.
 */
export function formatCitation(key: string, style: CitationStyle, languageId: string): string {
  switch (languageId) {
    case 'markdown':
      return `[@${key}]`;
    case 'typst':
      return /^[\w\-:.]+$/.test(key) ? `@${key}` : `#cite(label("${key.replace(/["\\]/g, '\\$&')}"))`;
    default:
      return `\\${style === 'auto' ? 'cite' : style}{${key}}`;
  }
}

/** Limit on the text sent to `paperlsp.related` for one paragraph. */
export const MaxRelatedTextLength = 4000;

function isParagraphBreak(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length === 0 || /^\\(part|chapter|section|subsection|subsubsection|paragraph)\*?[{[]/.test(trimmed) || /^#{1,6}\s/.test(trimmed) || /^=+\s/.test(trimmed);
}

/**
 * The paragraph around `line`: neighbouring lines up to the nearest blank line or heading (LaTeX sectioning,
 * Markdown `#`, Typst `=`), whitespace collapsed and cut to MaxRelatedTextLength around the cursor line.
 * A heading or blank cursor line stands alone.
 */
export function paragraphAround(lines: readonly string[], line: number): string {
  if (lines.length === 0) {
    return '';
  }
  const cursor = Math.min(Math.max(0, line), lines.length - 1);
  const cursorLine = lines[cursor] ?? '';
  if (isParagraphBreak(cursorLine)) {
    return cursorLine.trim().slice(0, MaxRelatedTextLength);
  }
  let start = cursor;
  while (start > 0 && !isParagraphBreak(lines[start - 1] ?? '')) {
    start--;
  }
  let end = cursor;
  while (end < lines.length - 1 && !isParagraphBreak(lines[end + 1] ?? '')) {
    end++;
  }
  const text = lines
    .slice(start, end + 1)
    .map((l) => l.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= MaxRelatedTextLength) {
    return text;
  }
  const before = lines.slice(start, cursor).join(' ').replace(/\s+/g, ' ').length;
  const from = Math.max(0, Math.min(text.length - MaxRelatedTextLength, before - MaxRelatedTextLength / 2));
  return text.slice(from, from + MaxRelatedTextLength).trim();
}
