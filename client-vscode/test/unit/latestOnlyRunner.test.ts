import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatestOnlyRunner, type Timers } from '../../src/core/latestOnlyRunner';

/** Timers driven by hand: `advance(ms)` fires what is due, in order. */
class ManualTimers implements Timers {
  private now = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  public setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  public clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  public get pendingCount(): number {
    return this.pending.size;
  }

  public advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) {
        break;
      }
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = target;
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function harness(delayMs = 100) {
  const timers = new ManualTimers();
  const calls: { input: string; signal: AbortSignal; reply: Deferred<string> }[] = [];
  const results: [string, string][] = [];
  const errors: [string, unknown][] = [];
  const busy: boolean[] = [];
  const runner = new LatestOnlyRunner<string, string>({
    delayMs,
    timers,
    run: (input, signal) => {
      const reply = deferred<string>();
      calls.push({ input, signal, reply });
      return reply.promise;
    },
    onResult: (input, result) => results.push([input, result]),
    onError: (input, error) => errors.push([input, error]),
    onBusyChange: (b) => busy.push(b),
  });
  return { timers, calls, results, errors, busy, runner };
}

describe('LatestOnlyRunner', () => {
  it('waits for the quiet period and runs only the last of rapid inputs', async () => {
    const h = harness();
    h.runner.submit('a');
    h.timers.advance(50);
    h.runner.submit('at');
    h.timers.advance(50);
    h.runner.submit('att');
    h.timers.advance(99);
    assert.equal(h.calls.length, 0);
    h.timers.advance(1);
    assert.deepEqual(
      h.calls.map((c) => c.input),
      ['att'],
    );
    h.calls[0]?.reply.resolve('R(att)');
    await flush();
    assert.deepEqual(h.results, [['att', 'R(att)']]);
    assert.deepEqual(h.busy, [true, false]);
    assert.equal(h.runner.isBusy, false);
  });

  it('aborts the request in flight when a newer input arrives and drops its late answer', async () => {
    const h = harness();
    h.runner.submit('old');
    h.timers.advance(100);
    const old = h.calls[0];
    assert.ok(old);
    h.runner.submit('new');
    assert.equal(old.signal.aborted, true);
    old.reply.resolve('R(old)');
    await flush();
    assert.deepEqual(h.results, []);
    assert.equal(h.runner.isBusy, true);
    h.timers.advance(100);
    h.calls[1]?.reply.resolve('R(new)');
    await flush();
    assert.deepEqual(h.results, [['new', 'R(new)']]);
  });

  it('reports errors of the latest input only', async () => {
    const h = harness();
    h.runner.submit('x');
    h.timers.advance(100);
    h.runner.submit('y');
    h.calls[0]?.reply.reject(new Error('cancelled'));
    h.timers.advance(100);
    h.calls[1]?.reply.reject(new Error('server down'));
    await flush();
    assert.equal(h.errors.length, 1);
    const [input, error] = h.errors[0] ?? ['', undefined];
    assert.equal(input, 'y');
    assert.match(String(error), /server down/);
    assert.equal(h.runner.isBusy, false);
  });

  it('turns a synchronous throw into an error report', async () => {
    const errors: unknown[] = [];
    const runner = new LatestOnlyRunner<string, string>({
      delayMs: 0,
      run: () => {
        throw new Error('boom');
      },
      onResult: () => assert.fail('no result expected'),
      onError: (_input, error) => errors.push(error),
    });
    runner.submit('q');
    await flush();
    assert.equal(errors.length, 1);
  });

  it('runs at once when asked for immediate', () => {
    const h = harness();
    h.runner.submit('now', true);
    assert.equal(h.calls.length, 1);
    assert.equal(h.timers.pendingCount, 0);
  });

  it('cancel drops the pending input and aborts the running one', async () => {
    const h = harness();
    h.runner.submit('a');
    h.timers.advance(100);
    h.runner.submit('b');
    h.runner.cancel();
    const first = h.calls[0];
    assert.ok(first);
    assert.equal(first.signal.aborted, true);
    h.timers.advance(1000);
    assert.equal(h.calls.length, 1);
    first.reply.resolve('late');
    await flush();
    assert.deepEqual(h.results, []);
    assert.equal(h.runner.isBusy, false);
    assert.deepEqual(h.busy, [true, false]);
  });

  it('ignores submits after dispose', () => {
    const h = harness();
    h.runner.dispose();
    h.runner.submit('a');
    h.timers.advance(1000);
    assert.equal(h.calls.length, 0);
  });

  it('delivers every answer in order when inputs are spaced out', async () => {
    const h = harness(10);
    for (const input of ['one', 'two', 'three']) {
      h.runner.submit(input);
      h.timers.advance(10);
      h.calls.at(-1)?.reply.resolve(input.toUpperCase());
      await flush();
    }
    assert.deepEqual(h.results, [
      ['one', 'ONE'],
      ['two', 'TWO'],
      ['three', 'THREE'],
    ]);
  });

  it('rejects a negative delay', () => {
    assert.throws(() => new LatestOnlyRunner({ delayMs: -1, run: () => Promise.resolve(0), onResult: () => undefined, onError: () => undefined }), RangeError);
  });
});
