import * as vscode from 'vscode';
import { LatestOnlyRunner } from '../core/latestOnlyRunner';
import { arxivAbsUrl } from '../core/paperPickItems';
import { PaperPickerModel, type PickerRow } from '../core/paperPickerModel';
import type { PaperHit } from '../core/protocol';

export const SearchDebounceMs = 200;

interface PaperQuickPickItem extends vscode.QuickPickItem {
  hit?: PaperHit;
}

const copyKeyButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy citation key' };
const openArxivButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open on arXiv' };

/** Fetches papers for a typed query (live search). */
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

/**
 * With live search, rows come from the server ranked by meaning, not by the typed words: `alwaysShow` keeps the
 * picker's own filter from hiding them. Without live search the typed text filters the rows locally.
 */
function toQuickPickItem(row: PickerRow, liveSearch: boolean): PaperQuickPickItem {
  if (row.kind === 'message') {
    return row.detail !== undefined ? { label: row.label, detail: row.detail, alwaysShow: true } : { label: row.label, alwaysShow: true };
  }
  const { item } = row;
  return {
    label: item.label,
    description: item.description,
    detail: item.detail,
    alwaysShow: liveSearch,
    buttons: arxivAbsUrl(item.hit) !== undefined ? [copyKeyButton, openArxivButton] : [copyKeyButton],
    hit: item.hit,
  };
}

async function runWithSignal<T>(signal: AbortSignal, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  const onAbort = (): void => {
    source.cancel();
  };
  if (signal.aborted) {
    source.cancel();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    return await work(source.token);
  } finally {
    signal.removeEventListener('abort', onAbort);
    source.dispose();
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
    const search = options.search;
    const liveSearch = search !== undefined;
    const model = new PaperPickerModel({ liveSearch, loadsInitialList: options.initial !== undefined, emptyHint: options.emptyHint });
    let settled = false;

    const render = (): void => {
      picker.items = model.rows.map((row) => toQuickPickItem(row, liveSearch));
      picker.busy = model.busy;
    };

    const runner =
      search === undefined
        ? undefined
        : new LatestOnlyRunner<string, PaperHit[]>({
            delayMs: SearchDebounceMs,
            run: (query, signal) => runWithSignal(signal, (token) => search(query, token)),
            onResult: (query, hits) => {
              model.searchAnswered(query, hits);
              render();
            },
            onError: (query, error) => {
              model.searchFailed(query, describeError(error));
              render();
            },
            onBusyChange: (busy) => {
              model.searchBusyChanged(busy);
              picker.busy = model.busy;
            },
          });

    const opening = new vscode.CancellationTokenSource();
    if (options.initial !== undefined) {
      options.initial(opening.token).then(
        (hits) => {
          model.initialListLoaded(hits);
          render();
        },
        (error: unknown) => {
          if (!opening.token.isCancellationRequested) {
            model.initialListFailed(describeError(error));
            render();
          }
        },
      );
    }

    picker.onDidChangeValue((value) => {
      const action = model.queryChanged(value);
      if (action.kind === 'search') {
        runner?.submit(action.query);
      } else if (action.kind === 'cancel') {
        runner?.cancel();
        render();
      }
    });
    picker.onDidAccept(() => {
      const selected = picker.selectedItems[0] ?? picker.activeItems[0];
      if (selected?.hit !== undefined && !settled) {
        settled = true;
        resolve(selected.hit);
        picker.hide();
      }
    });
    picker.onDidTriggerItemButton((event) => {
      const hit = event.item.hit;
      if (hit === undefined) {
        return;
      }
      const url = arxivAbsUrl(hit);
      if (event.button === openArxivButton && url !== undefined) {
        void vscode.env.openExternal(vscode.Uri.parse(url));
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
    render();
    picker.show();
  });
}
