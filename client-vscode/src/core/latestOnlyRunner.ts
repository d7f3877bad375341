/** Timer functions, injectable so tests can drive time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => { clearTimeout(handle as ReturnType<typeof setTimeout>); },
};

export interface LatestOnlyRunnerOptions<TInput, TResult> {
  /** Quiet time after the last submit before the work starts. */
  delayMs: number;
  /** Does the work; must give up (reject or return) when the signal aborts. */
  run: (input: TInput, signal: AbortSignal) => Promise<TResult>;
  /** Receives the result of the latest submitted input only. */
  onResult: (input: TInput, result: TResult) => void;
  /** Receives a failure of the latest submitted input only (never an abort caused by a newer input). */
  onError: (input: TInput, error: unknown) => void;
  /** Called with true when work is pending or running, false when idle. */
  onBusyChange?: (busy: boolean) => void;
  timers?: Timers;
}

/**
 * Debounces inputs and runs only the newest: each submit restarts the quiet period, aborts the request still in
 * flight for an older input, and results of outdated requests are dropped even if they arrive after all.
 */
export class LatestOnlyRunner<TInput, TResult> {
  private readonly options: LatestOnlyRunnerOptions<TInput, TResult>;
  private readonly timers: Timers;
  private pendingTimer: unknown;
  private hasPendingTimer = false;
  private inFlight: AbortController | undefined;
  private generation = 0;
  private busy = false;
  private disposed = false;

  public constructor(options: LatestOnlyRunnerOptions<TInput, TResult>) {
    if (!(options.delayMs >= 0)) {
      throw new RangeError('delayMs must be zero or more');
    }
    this.options = options;
    this.timers = options.timers ?? systemTimers;
  }

  /** True while a submitted input waits for its quiet period or its request runs. */
  public get isBusy(): boolean {
    return this.busy;
  }

  /** Schedules `input` after the quiet period (or at once with `immediate`), superseding everything older. */
  public submit(input: TInput, immediate = false): void {
    if (this.disposed) {
      return;
    }
    this.supersede();
    const generation = this.generation;
    this.setBusy(true);
    if (immediate || this.options.delayMs === 0) {
      this.start(input, generation);
      return;
    }
    this.hasPendingTimer = true;
    this.pendingTimer = this.timers.setTimeout(() => {
      this.hasPendingTimer = false;
      this.start(input, generation);
    }, this.options.delayMs);
  }

  /** Drops the pending input and aborts the running request; nothing more is delivered until the next submit. */
  public cancel(): void {
    this.supersede();
    this.setBusy(false);
  }

  public dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private supersede(): void {
    this.generation++;
    if (this.hasPendingTimer) {
      this.timers.clearTimeout(this.pendingTimer);
      this.hasPendingTimer = false;
    }
    if (this.inFlight !== undefined) {
      this.inFlight.abort();
      this.inFlight = undefined;
    }
  }

  private start(input: TInput, generation: number): void {
    const controller = new AbortController();
    this.inFlight = controller;
    let work: Promise<TResult>;
    try {
      work = this.options.run(input, controller.signal);
    } catch (error: unknown) {
      work = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    work.then(
      (result) => {
        if (this.isCurrent(generation, controller)) {
          this.finish();
          this.options.onResult(input, result);
        }
      },
      (error: unknown) => {
        if (this.isCurrent(generation, controller)) {
          this.finish();
          this.options.onError(input, error);
        }
      },
    );
  }

  private isCurrent(generation: number, controller: AbortController): boolean {
    return !this.disposed && generation === this.generation && !controller.signal.aborted;
  }

  private finish(): void {
    this.inFlight = undefined;
    this.setBusy(false);
  }

  private setBusy(busy: boolean): void {
    if (this.busy !== busy) {
      this.busy = busy;
      this.options.onBusyChange?.(busy);
    }
  }
}
