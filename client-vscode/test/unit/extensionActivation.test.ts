import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ClientCommands } from '../../src/core/contributions';

/** The extension folder (tests run from out/test/unit). */
const extensionRoot = path.resolve(__dirname, '..', '..', '..');
const bundle = path.join(extensionRoot, 'dist', 'extension.js');

/** Records what the bundled extension does with the (fake) VS Code API. */
interface Recorded {
  registeredCommands: string[];
  errors: string[];
  statusTexts: string[];
  outputLines: string[];
}

class FakeEventEmitter<T> {
  private readonly listeners: ((value: T) => void)[] = [];
  public readonly event = (listener: (value: T) => void): { dispose: () => void } => {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  };
  public fire(value: T): void {
    for (const listener of this.listeners) {
      listener(value);
    }
  }
  public dispose(): void {
    this.listeners.length = 0;
  }
}

/** A stand-in for any VS Code class the language client touches at load time. */
class AnyVscodeClass {
  public readonly isStub = true;
}

function fakeVscode(recorded: Recorded, settings: Record<string, unknown>): unknown {
  const disposable = { dispose: () => undefined };
  const api: Record<string, unknown> = {
    EventEmitter: FakeEventEmitter,
    ThemeIcon: class {
      public constructor(public readonly id: string) {}
    },
    ThemeColor: class {
      public constructor(public readonly id: string) {}
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    Disposable: class {
      public static from(): unknown {
        return disposable;
      }
      public dispose(): void {
        // nothing to release
      }
    },
    window: {
      createOutputChannel: () => ({ appendLine: (line: string) => recorded.outputLines.push(line), append: () => undefined, show: () => undefined, dispose: () => undefined }),
      createStatusBarItem: () => {
        const item: Record<string, unknown> = { show: () => undefined, dispose: () => undefined };
        return new Proxy(item, {
          set: (target, key, value) => {
            if (key === 'text') {
              recorded.statusTexts.push(String(value));
            }
            target[key as string] = value;
            return true;
          },
        });
      },
      showErrorMessage: (message: string) => {
        recorded.errors.push(message);
        return Promise.resolve(undefined);
      },
      showWarningMessage: () => Promise.resolve(undefined),
      showInformationMessage: () => Promise.resolve(undefined),
      activeTextEditor: undefined,
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (key: string) => settings[key] }),
      onDidChangeConfiguration: () => disposable,
      getWorkspaceFolder: () => undefined,
    },
    commands: {
      registerCommand: (id: string) => {
        recorded.registeredCommands.push(id);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    },
  };
  return new Proxy(api, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : AnyVscodeClass) });
}

/** Loads the bundle with `require('vscode')` answered by the fake. */
function loadBundle(vscode: unknown): { activate: (context: unknown) => Promise<void>; deactivate: () => Promise<void> } {
  const moduleApi = require('node:module') as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const originalLoad = moduleApi._load;
  moduleApi._load = (request, parent, isMain) => (request === 'vscode' ? vscode : originalLoad(request, parent, isMain));
  try {
    Reflect.deleteProperty(require.cache, bundle);
    return require(bundle) as { activate: (context: unknown) => Promise<void>; deactivate: () => Promise<void> };
  } finally {
    moduleApi._load = originalLoad;
  }
}

describe('bundled extension (dist/extension.js) with a fake VS Code API', { skip: fs.existsSync(bundle) ? false : 'dist/extension.js not built (npm run bundle)' }, () => {
  it('registers every palette command and explains clearly when the server cannot be found', async () => {
    const recorded: Recorded = { registeredCommands: [], errors: [], statusTexts: [], outputLines: [] };
    const extension = loadBundle(fakeVscode(recorded, { 'server.path': '/nonexistent/dir/paperlsp' }));
    const context = { subscriptions: [] as unknown[], extensionPath: extensionRoot };
    await extension.activate(context);
    assert.deepEqual([...recorded.registeredCommands].sort(), Object.values(ClientCommands).sort());
    assert.equal(recorded.errors.length, 1, JSON.stringify(recorded.errors));
    assert.match(recorded.errors[0] ?? '', /paperlsp\.server\.path points to "\/nonexistent\/dir\/paperlsp"/);
    assert.equal(recorded.statusTexts.at(-1), '$(error) PaperLsp');
    assert.ok(recorded.outputLines.some((line) => line.includes('/nonexistent/dir/paperlsp')));
    await extension.deactivate();
  });
});
