import { toPaperPickItems, type PaperPickItem } from './paperPickItems';
import type { PaperHit } from './protocol';

/** One row of the paper picker: a paper, or a message that cannot be chosen. */
export type PickerRow = { kind: 'paper'; item: PaperPickItem } | { kind: 'message'; label: string; detail?: string };

export interface PaperPickerModelOptions {
  /** Results follow the typed text through server searches. */
  liveSearch: boolean;
  /** An opening list (e.g. related papers) is being loaded. */
  loadsInitialList: boolean;
  /** Row shown when nothing is typed and there is no opening list (yet). */
  emptyHint: string;
}

/** What the view must do with the search runner after the typed text changed. */
export type QueryAction = { kind: 'search'; query: string } | { kind: 'cancel' } | { kind: 'none' };

function message(label: string, detail?: string): PickerRow {
  return detail !== undefined ? { kind: 'message', label, detail } : { kind: 'message', label };
}

function paperRows(hits: readonly PaperHit[]): PickerRow[] {
  return toPaperPickItems(hits).map((item) => ({ kind: 'paper', item }));
}

/**
 * The paper picker's state without any UI: which rows to show and whether it is busy, as the opening list loads,
 * the typed text changes and search answers (or failures) arrive. Stale answers are the runner's concern.
 */
export class PaperPickerModel {
  private readonly options: PaperPickerModelOptions;
  private initialRows: PickerRow[];
  private currentRows: PickerRow[];
  private loadingInitial: boolean;
  private searching = false;
  private query = '';

  public constructor(options: PaperPickerModelOptions) {
    this.options = options;
    this.loadingInitial = options.loadsInitialList;
    this.initialRows = [message(options.emptyHint)];
    this.currentRows = this.initialRows;
  }

  public get rows(): readonly PickerRow[] {
    return this.currentRows;
  }

  public get busy(): boolean {
    return this.searching || (this.loadingInitial && this.showingInitial);
  }

  private get showingInitial(): boolean {
    return !this.options.liveSearch || this.query.length === 0;
  }

  public initialListLoaded(hits: readonly PaperHit[]): void {
    this.loadingInitial = false;
    this.initialRows = hits.length > 0 ? paperRows(hits) : [message('No related papers found.', this.options.emptyHint)];
    if (this.showingInitial) {
      this.currentRows = this.initialRows;
    }
  }

  public initialListFailed(reason: string): void {
    this.loadingInitial = false;
    this.initialRows = [message('Could not load related papers', reason)];
    if (this.showingInitial) {
      this.currentRows = this.initialRows;
    }
  }

  /** Records the typed text; tells the view whether to start a search or cancel the running one. */
  public queryChanged(value: string): QueryAction {
    this.query = value.trim();
    if (!this.options.liveSearch) {
      return { kind: 'none' };
    }
    if (this.query.length === 0) {
      this.searching = false;
      this.currentRows = this.initialRows;
      return { kind: 'cancel' };
    }
    return { kind: 'search', query: this.query };
  }

  public searchBusyChanged(busy: boolean): void {
    this.searching = busy;
  }

  public searchAnswered(query: string, hits: readonly PaperHit[]): void {
    if (query !== this.query) {
      return;
    }
    this.currentRows = hits.length > 0 ? paperRows(hits) : [message(`No papers found for "${query}"`, 'Try other words, or re-index the corpus.')];
  }

  public searchFailed(query: string, reason: string): void {
    if (query !== this.query) {
      return;
    }
    this.currentRows = [message(`Search for "${query}" failed`, reason)];
  }
}
