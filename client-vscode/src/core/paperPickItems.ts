import type { PaperHit } from './protocol';

/** Plain description of one QuickPick row; the VS Code layer copies these fields onto a QuickPickItem. */
export interface PaperPickItem {
  label: string;
  description: string;
  detail: string;
  hit: PaperHit;
}

export const MaxTitleLength = 160;
export const MaxAuthorsShown = 3;

/** Collapses whitespace (titles often carry hard line breaks) and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shortens text to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const cut = text.slice(0, Math.max(0, max - 1));
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** "Vaswani, Shazeer, Parmar et al." style author line; empty when there are no authors. */
export function formatAuthors(authors: readonly string[], maxShown: number = MaxAuthorsShown): string {
  const names = authors.map(collapseWhitespace).filter((a) => a.length > 0);
  if (names.length === 0) {
    return '';
  }
  if (names.length <= maxShown) {
    return names.length === 2 ? `${names[0]} and ${names[1]}` : names.join(', ');
  }
  return `${names.slice(0, maxShown).join(', ')} et al.`;
}

/** "authors · year · venue" with missing parts left out; "Unknown authors" when nothing is known. */
export function formatByline(hit: PaperHit): string {
  const parts: string[] = [];
  const authors = formatAuthors(hit.authors);
  parts.push(authors.length > 0 ? authors : 'Unknown authors');
  if (hit.year !== undefined) {
    parts.push(String(hit.year));
  }
  if (hit.venue !== undefined && collapseWhitespace(hit.venue).length > 0) {
    parts.push(collapseWhitespace(hit.venue));
  }
  return parts.join(' · ');
}

/** Right-hand description: the arXiv id when known, else the citation key. */
export function formatIdentifier(hit: PaperHit): string {
  return hit.arxivId !== undefined ? `arXiv:${hit.arxivId}` : hit.key;
}

/** Turns a server hit into the three lines of a picker row. */
export function toPaperPickItem(hit: PaperHit): PaperPickItem {
  const title = collapseWhitespace(hit.title);
  return {
    label: truncate(title.length > 0 ? title : hit.key, MaxTitleLength),
    description: formatIdentifier(hit),
    detail: formatByline(hit),
    hit,
  };
}

/** Formats hits for the picker, dropping repeated keys (first, best-ranked, wins). */
export function toPaperPickItems(hits: readonly PaperHit[]): PaperPickItem[] {
  const seen = new Set<string>();
  const items: PaperPickItem[] = [];
  for (const hit of hits) {
    if (!seen.has(hit.key)) {
      seen.add(hit.key);
      items.push(toPaperPickItem(hit));
    }
  }
  return items;
}

/** Link to the paper's arXiv abstract page, when it has an arXiv id. */
export function arxivAbsUrl(hit: PaperHit): string | undefined {
  if (hit.arxivId === undefined) {
    return undefined;
  }
  const id = hit.arxivId.replace(/^arxiv:/i, '').trim();
  return /^[A-Za-z0-9.\-/]+$/.test(id) ? `https://arxiv.org/abs/${id}` : undefined;
}
