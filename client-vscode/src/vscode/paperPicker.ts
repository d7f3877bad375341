import * as vscode from 'vscode';
import { LatestOnlyRunner } from '../core/latestOnlyRunner';
import { arxivAbsUrl, toPaperPickItems, type PaperPickItem } from '../core/paperPickItems';
import type { PaperHit } from '../core/protocol';

export const SearchDebounceMs = 200;

interface PaperQuickPickItem extends vscode.QuickPickItem {
  hit?: PaperHit;
}

const copyKeyButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy citation key' };
const openArxivButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open on arXiv' };

/** Fetches papers for a query (live search) or for no query (the picker's opening list). */
export type PaperSource = (query: string, token: vscode.CancellationToken) => Promise<PaperHit[]>;

export interface PaperPickerOptions {
  title: string;
  placeholder: string;
  /** Live search while typing; when absent the opening list is filtered locally instead. */
  search?: PaperSource;
  /** List shown before anything is typed (e.g. papers related to the cursor's paragraph). */
  initial?: (token: vscode.CancellationToken) => Promise<PaperHit[]>;
  /** Shown as the single row when nothing is typed and there is no opening list. */
  emptyHint: string;
}

function toQuickPickItems(items: readonly PaperPickItem[]): PaperQuickPickItem[] {
  return items.map((item) => ({
    label: item.label,
    description: item.description,
    detail: item.detail,
    // Server results are ranked by meaning, not by the typed words: never let the picker's own filter hide them.
    alwaysShow: true,
    buttons: arxivAbsUrl(item.hit) !== undefined ? [copyKeyButton, openArxivButton] : [copyKeyButton],
    hit: item.hit,
  }));
}

function messageItem(label: string, detail?: string): PaperQuickPickItem {
  return detail !== undefined ? { label, detail, alwaysShow: true } : { label, alwaysShow: true };
}

function tokenFromSignal(signal: AbortSignal): { token: vscode.CancellationToken; dispose: () => void } {
  const source = new vscode.CancellationTokenSource();
  const onAbort = (): void => { source.cancel(); };
  if (signal.aborted) {
    source.cancel();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
  }
  return {
    token: source.token,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    },
  };
}

async function runWithSignal<T>(signal: AbortSignal, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const linked = tokenFromSignal(signal);
  try {
    return await work(linked.token);
  } finally {
    linked.dispose();
  }
}

/**
 * Shows a QuickPick of papers. With `search`, results follow the typed text live (debounced; outdated requests
 * are cancelled and their late answers dropped). Resolves with the chosen paper, or undefined when dismissed.
 */
export function pickPaper(options: PaperPickerOptions, describeError: (error: unknown) => string): Promise<PaperHit | undefined> {
  return new Promise<PaperHit | undefined>((resolve) => {
    const picker = vscode.window.createQuickPick<PaperQuickPickItem>();
    picker.title = options.title;
    picker.placeholder = options.placeholder;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    let initialItems: PaperQuickPickItem[] = [messageItem(options.emptyHint)];
    let settled = false;

    const finish = (hit: PaperHit | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(hit);
        picker.hide();
      }
    };

    const show = (query: string, hits: PaperHit[]): void => {
      const items = toQuickPickItems(toPaperPickItems(hits));
      picker.items = items.length > 0 ? items : [messageItem(`No papers found for "${query}"`, 'Try other words, or re-index the corpus.')];
    };

    const search = options.search;
    const runner =
      search === undefined
        ? undefined
        : new LatestOnlyRunner<string, PaperHit[]>({
            delayMs: SearchDebounceMs,
            run: (query, signal) => runWithSignal(signal, (token) => search(query, token)),
            onResult: show,
            onError: (query, error) => {
              picker.items = [messageItem(`Search for "${query}" failed`, describeError(error))];
            },
            onBusyChange: (busy) => {
              picker.busy = busy;
            },
          });

    const opening = new vscode.CancellationTokenSource();
    picker.items = initialItems;
    if (options.initial !== undefined) {
      picker.busy = true;
      options.initial(opening.token).then(
        (hits) => {
          initialItems = hits.length > 0 ? toQuickPickItems(toPaperPickItems(hits)) : [messageItem('No related papers found.', options.emptyHint)];
          if (picker.value.trim().length === 0 || runner === undefined) {
            picker.items = initialItems;
          }
          picker.busy = runner?.isBusy ?? false;
        },
        (error: unknown) => {
          if (!opening.token.isCancellationRequested) {
            initialItems = [messageItem('Could not load related papers', describeError(error))];
            if (picker.value.trim().length === 0) {
              picker.items = initialItems;
            }
          }
          picker.busy = runner?.isBusy ?? false;
        },
      );
    }

    picker.onDidChangeValue((value) => {
      if (runner === undefined) {
        return;
      }
      if (value.trim().length === 0) {
        runner.cancel();
        picker.items = initialItems;
        return;
      }
      runner.submit(value.trim());
    });
    picker.onDidAccept(() => {
      const selected = picker.selectedItems[0] ?? picker.activeItems[0];
      if (selected?.hit !== undefined) {
        finish(selected.hit);
      }
    });
    picker.onDidTriggerItemButton((event) => {
      const hit = event.item.hit;
      if (hit === undefined) {
        return;
      }
      if (event.button === openArxivButton) {
        const url = arxivAbsUrl(hit);
        if (url !== undefined) {
          void vscode.env.openExternal(vscode.Uri.parse(url));
        }
      } else {
        void vscode.env.clipboard.writeText(hit.key).then(() => vscode.window.setStatusBarMessage(`Copied ${hit.key}`, 3000));
      }
    });
    picker.onDidHide(() => {
      runner?.dispose();
      opening.cancel();
      opening.dispose();
      picker.dispose();
      if (!settled) {
        settled = true;
        resolve(undefined);
      }
    });
    picker.show();
  });
}
