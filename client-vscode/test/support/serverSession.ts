import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createMessageConnection,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ApplyWorkspaceEditParams,
  type InitializeParams,
  type InitializeResult,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import { answerConfigurationItem, type ServerSettings } from '../../src/core/settings';
import { vscodeClientCapabilities } from './vscodeCapabilities';

/** The repository root (tests run from client-vscode/out/test/support). */
export const repositoryRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** The server build the extension starts by default. */
export const serverDll = path.join(repositoryRoot, 'server', 'PaperLsp.Cli', 'bin', 'Release', 'net10.0', 'paperlsp.dll');

/** Why the protocol tests cannot run here, or undefined when they can. */
export function serverSkipReason(): string | undefined {
  if (!fs.existsSync(serverDll)) {
    return `server not built: ${path.relative(repositoryRoot, serverDll)} is missing (run: dotnet build -c Release server/PaperLsp.Cli)`;
  }
  return undefined;
}

export interface ReceivedNotification {
  method: string;
  params: unknown;
}

export interface ServerSessionOptions {
  settings: ServerSettings;
  workspaceFolder: string;
  /** Process to start; default: `dotnet <serverDll> serve --stdio`. */
  command?: string;
  args?: string[];
}

/** A running server spoken to exactly as VS Code does (same protocol library, same framing, same capabilities). */
export class ServerSession {
  public readonly notifications: ReceivedNotification[] = [];
  public readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  public readonly configurationRequests: (string | undefined)[] = [];
  public initializeResult: InitializeResult | undefined;
  private stderrText = '';
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private readonly notificationWaiters: { method: string; resolve: (params: unknown) => void }[] = [];

  private constructor(
    private readonly process: ChildProcess,
    public readonly connection: MessageConnection,
    private readonly options: ServerSessionOptions,
  ) {
    this.exited = new Promise((resolve) => {
      process.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      process.on('error', (error) => {
        this.stderrText += `\n[spawn error] ${error.message}`;
        this.exitCode = null;
        resolve(null);
      });
    });
    process.stderr?.setEncoding('utf8');
    process.stderr?.on('data', (chunk: string) => {
      this.stderrText += chunk;
      if (this.stderrText.length > 200_000) {
        this.stderrText = this.stderrText.slice(-100_000);
      }
    });
  }

  /** Spawns the server (default `dotnet paperlsp.dll serve --stdio`) and wires the message handlers a VS Code client provides. */
  public static start(options: ServerSessionOptions): ServerSession {
    const child = spawn(options.command ?? 'dotnet', options.args ?? [serverDll, 'serve', '--stdio'], {
      cwd: options.workspaceFolder,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new ServerSession(child, connection, options);
    session.wireHandlers();
    connection.listen();
    return session;
  }

  public get stderr(): string {
    return this.stderrText;
  }

  public get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Sends initialize with VS Code's capabilities and the extension's initializationOptions, then initialized. */
  public async initialize(): Promise<InitializeResult> {
    const rootUri = pathToFileURL(this.options.workspaceFolder).href;
    const name = path.basename(this.options.workspaceFolder);
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
      locale: 'en',
      // VS Code still sends the deprecated root fields next to workspaceFolders; so do we.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      rootPath: this.options.workspaceFolder,
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      rootUri,
      capabilities: vscodeClientCapabilities,
      initializationOptions: this.options.settings,
      trace: 'off',
      workspaceFolders: [{ uri: rootUri, name }],
    };
    const result = await this.request(this.connection.sendRequest(InitializeRequest.type, params), 'initialize');
    this.initializeResult = result;
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the params of the next notification of `method` (including one already received). */
  public waitForNotification(method: string): Promise<unknown> {
    const seen = this.notifications.find((n) => n.method === method);
    if (seen !== undefined) {
      return Promise.resolve(seen.params);
    }
    return this.request(new Promise((resolve) => this.notificationWaiters.push({ method, resolve })), `notification ${method}`);
  }

  /** Races a request against the server's exit, so a crash fails fast and shows the server's stderr. */
  public async request<T>(pending: Promise<T>, what: string): Promise<T> {
    const exit = this.exited.then((code) => {
      throw new Error(`server exited (code ${String(code)}) before answering ${what}.\n--- server stderr ---\n${this.stderrText.slice(-4000)}`);
    });
    return Promise.race([pending, exit]);
  }

  /** Sends didOpen for a document as VS Code does when an editor opens it. */
  public async openDocument(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  public async closeDocument(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Runs one of the server's workspace/executeCommand commands, failing fast if the server dies. */
  public executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.request(this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }), command);
  }

  /** shutdown, then exit; resolves with the process exit code. */
  public async shutdown(): Promise<number | null> {
    await this.request(this.connection.sendRequest(ShutdownRequest.type), 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    return this.exited;
  }

  /** Kills the process if it is still running; safe to call twice. */
  public async dispose(): Promise<void> {
    if (!this.hasExited) {
      this.process.kill();
      await this.exited;
    }
    this.connection.dispose();
  }

  private wireHandlers(): void {
    const connection = this.connection;
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        this.configurationRequests.push(item.section);
        return answerConfigurationItem(item.section, this.options.settings) ?? null;
      }),
    );
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(this.options.workspaceFolder).href, name: path.basename(this.options.workspaceFolder) }]);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('window/showDocument', () => ({ success: false }));
    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      for (let i = this.notificationWaiters.length - 1; i >= 0; i--) {
        const waiter = this.notificationWaiters[i];
        if (waiter?.method === method) {
          this.notificationWaiters.splice(i, 1);
          waiter.resolve(params);
        }
      }
    });
  }
}
