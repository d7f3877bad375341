import type { ServerStatus } from './protocol';

/** What the status bar item shows; plain data the VS Code layer copies onto a StatusBarItem. */
export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** True when the item should look like a warning/error. */
  isProblem: boolean;
}

/** Server lifecycle as the client sees it. */
export type ClientState =
  | { kind: 'starting' }
  | { kind: 'running'; status?: ServerStatus }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

export function formatPaperCount(papers: number): string {
  return `${papers.toLocaleString('en-US')} ${papers === 1 ? 'paper' : 'papers'}`;
}

export function formatExecutionProvider(provider: ServerStatus['executionProvider']): string {
  switch (provider) {
    case 'cuda':
      return 'CUDA';
    case 'cpu':
      return 'CPU';
    default:
      return 'no model';
  }
}

/** Whole-number percentage of indexing done, clamped to 0..100; undefined when the total is unknown. */
export function indexingPercent(done: number, total: number): number | undefined {
  if (total <= 0) {
    return undefined;
  }
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/** Builds the status bar text (with codicons) and tooltip for a client state. */
export function presentStatus(state: ClientState): StatusPresentation {
  switch (state.kind) {
    case 'starting':
      return { text: '$(loading~spin) PaperLsp', tooltip: 'PaperLsp: starting the server…', isProblem: false };
    case 'stopped':
      return { text: '$(circle-slash) PaperLsp', tooltip: 'PaperLsp: server stopped. Click to show output.', isProblem: true };
    case 'failed':
      return { text: '$(error) PaperLsp', tooltip: `PaperLsp: ${state.message}\nClick to show output.`, isProblem: true };
    case 'running':
      break;
  }
  const status = state.status;
  if (status === undefined) {
    return { text: '$(book) PaperLsp', tooltip: 'PaperLsp: server running, waiting for its first status.', isProblem: false };
  }
  const provider = formatExecutionProvider(status.executionProvider);
  const count = formatPaperCount(status.papers);
  if (status.indexing !== undefined) {
    const { done, total, message } = status.indexing;
    const percent = indexingPercent(done, total);
    const progress = total > 0 ? `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` : done.toLocaleString('en-US');
    const tooltipLines = [
      `PaperLsp: indexing ${progress}${percent !== undefined ? ` (${percent}%)` : ''}`,
      ...(message !== undefined ? [message] : []),
      `${count} indexed so far · embeddings on ${provider}`,
    ];
    return { text: `$(sync~spin) Indexing ${progress}`, tooltip: tooltipLines.join('\n'), isProblem: false };
  }
  return {
    text: `$(book) ${count} · ${provider}`,
    tooltip: `PaperLsp: ${count} indexed · embeddings on ${provider}. Click to search papers.`,
    isProblem: false,
  };
}
