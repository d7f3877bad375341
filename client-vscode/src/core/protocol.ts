/**
 * The PaperLsp-specific parts of the protocol between this client and the server:
 * the `workspace/executeCommand` commands the server provides, their argument and result shapes,
 * and the `paperlsp/status` notification. Plain data only; no VS Code dependency.
 */

/** Commands the server executes through `workspace/executeCommand`. */
export const ServerCommands = {
  search: 'paperlsp.search',
  related: 'paperlsp.related',
  insertCitation: 'paperlsp.insertCitation',
  reindex: 'paperlsp.reindex',
  addPaper: 'paperlsp.addPaper',
} as const;

export type ServerCommandName = (typeof ServerCommands)[keyof typeof ServerCommands];

/** Method name of the server-to-client status notification. */
export const StatusNotificationMethod = 'paperlsp/status';

export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface SearchArguments {
  query: string;
  limit?: number;
}

export type RelatedArguments = { uri: string; position: ProtocolPosition } | { text: string };

export interface InsertCitationArguments {
  uri: string;
  position: ProtocolPosition;
  key: string;
}

/** One paper as returned by `paperlsp.search` and `paperlsp.related`. */
export interface PaperHit {
  key: string;
  title: string;
  authors: string[];
  year?: number;
  arxivId?: string;
  venue?: string;
  score: number;
}

export interface InsertCitationResult {
  applied: boolean;
}

export interface ReindexResult {
  papers: number;
}

export type ExecutionProvider = 'cpu' | 'cuda' | 'none';

export interface IndexingProgress {
  done: number;
  total: number;
  message?: string;
}

/** Payload of `paperlsp/status`. */
export interface ServerStatus {
  papers: number;
  executionProvider: ExecutionProvider;
  indexing?: IndexingProgress;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Reads one paper hit from untrusted server output. Returns undefined when the value lacks a key or a title;
 * drops fields of the wrong type instead of failing, so one odd field never hides a whole result list.
 */
export function parsePaperHit(value: unknown): PaperHit | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const key = value['key'];
  const title = value['title'];
  if (typeof key !== 'string' || key.length === 0 || typeof title !== 'string') {
    return undefined;
  }
  const authors = Array.isArray(value['authors'])
    ? value['authors'].filter((a): a is string => typeof a === 'string')
    : [];
  const hit: PaperHit = {
    key,
    title,
    authors,
    score: isFiniteNumber(value['score']) ? value['score'] : 0,
  };
  const year = value['year'];
  if (isFiniteNumber(year)) {
    hit.year = year;
  } else if (typeof year === 'string' && /^\d{4}$/.test(year)) {
    hit.year = Number(year);
  }
  const arxivId = value['arxivId'];
  if (typeof arxivId === 'string' && arxivId.length > 0) {
    hit.arxivId = arxivId;
  }
  const venue = value['venue'];
  if (typeof venue === 'string' && venue.length > 0) {
    hit.venue = venue;
  }
  return hit;
}

/** Reads the result of `paperlsp.search`/`paperlsp.related`; anything that is not a list gives an empty list. */
export function parsePaperHits(value: unknown): PaperHit[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const hits: PaperHit[] = [];
  for (const item of value) {
    const hit = parsePaperHit(item);
    if (hit !== undefined) {
      hits.push(hit);
    }
  }
  return hits;
}

/** Reads a `paperlsp/status` payload; returns undefined when it is not one. */
export function parseServerStatus(value: unknown): ServerStatus | undefined {
  if (!isRecord(value) || !isFiniteNumber(value['papers'])) {
    return undefined;
  }
  const provider = value['executionProvider'];
  const status: ServerStatus = {
    papers: Math.max(0, Math.trunc(value['papers'])),
    executionProvider: provider === 'cpu' || provider === 'cuda' ? provider : 'none',
  };
  const indexing = value['indexing'];
  if (isRecord(indexing) && isFiniteNumber(indexing['done']) && isFiniteNumber(indexing['total'])) {
    status.indexing = {
      done: Math.max(0, Math.trunc(indexing['done'])),
      total: Math.max(0, Math.trunc(indexing['total'])),
    };
    if (typeof indexing['message'] === 'string' && indexing['message'].length > 0) {
      status.indexing.message = indexing['message'];
    }
  }
  return status;
}

/** Reads `{ applied: boolean }`; anything else counts as not applied. */
export function parseInsertCitationResult(value: unknown): InsertCitationResult {
  return { applied: isRecord(value) && value['applied'] === true };
}

/** Reads `{ papers: number }`; returns undefined when the count is missing. */
export function parseReindexResult(value: unknown): ReindexResult | undefined {
  if (!isRecord(value) || !isFiniteNumber(value['papers'])) {
    return undefined;
  }
  return { papers: Math.max(0, Math.trunc(value['papers'])) };
}

export interface AddPaperArguments {
  papers: string[];
  uri?: string;
  position?: ProtocolPosition;
}

/** One requested paper in the result of `paperlsp.addPaper`: its key and title, or why it was not added. */
export interface AddedPaper {
  requested: string;
  key?: string;
  title?: string;
  error?: string;
}

export interface AddPaperResult {
  papers: AddedPaper[];
}

/** Reads the result of `paperlsp.addPaper`; entries without a requested paper are dropped, a missing list gives none. */
export function parseAddPaperResult(value: unknown): AddPaperResult {
  const list = isRecord(value) && Array.isArray(value['papers']) ? value['papers'] : [];
  const papers: AddedPaper[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item['requested'] !== 'string') {
      continue;
    }
    const paper: AddedPaper = { requested: item['requested'] };
    for (const field of ['key', 'title', 'error'] as const) {
      const text = item[field];
      if (typeof text === 'string' && text.length > 0) {
        paper[field] = text;
      }
    }
    papers.push(paper);
  }
  return { papers };
}

/** Splits what the user typed into paper references (arXiv ids, URLs, DOIs separated by spaces, commas or semicolons). */
export function splitPaperReferences(input: string): string[] {
  return input.split(/[\s,;]+/u).map((part) => part.trim()).filter((part) => part.length > 0);
}
