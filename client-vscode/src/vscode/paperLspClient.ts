import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { ConfigurationSection, DocumentLanguages, SettingKeys } from '../core/contributions';
import { parseServerStatus, StatusNotificationMethod, type ServerCommandName } from '../core/protocol';
import {
  checkDotnetRuntime,
  describeLaunch,
  explainStartFailure,
  findBundledModel,
  findOnPath,
  resolveServerLaunch,
  usesDotnetHost,
} from '../core/serverLaunch';
import { answerConfigurationItem, toServerSettings, type SettingsMapping } from '../core/settings';
import type { ClientState } from '../core/statusText';

function isFile(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

function listDirectory(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Reads the `paperlsp` settings for a resource (or the workspace) and maps them to the server's shape. */
export function readServerSettings(scope?: vscode.Uri): SettingsMapping {
  const configuration = vscode.workspace.getConfiguration(ConfigurationSection, scope);
  const folder = scope !== undefined ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : undefined;
  return toServerSettings((key) => configuration.get(key), {
    workspaceFolder: folder ?? firstWorkspaceFolder(),
    homeDirectory: os.homedir(),
  });
}

/** Owns the LanguageClient: starts it, restarts it, relays settings and the server's status notifications. */
export class PaperLspClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<ClientState>();
  private readonly disposables: { dispose(): unknown }[] = [];
  private state: ClientState = { kind: 'stopped' };
  private reportedProblems = new Set<string>();
  private starting: Promise<void> | undefined;

  public readonly onDidChangeState = this.stateEmitter.event;

  public constructor(
    private readonly extensionPath: string,
    public readonly output: vscode.OutputChannel,
  ) {
    this.disposables.push(
      this.stateEmitter,
      vscode.workspace.onDidChangeConfiguration((event) => { this.onConfigurationChanged(event); }),
    );
  }

  public get currentState(): ClientState {
    return this.state;
  }

  public get isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  /** Starts the server; on failure shows an error with a way to the output and the settings. */
  public start(): Promise<void> {
    this.starting ??= this.startOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    if (this.client !== undefined) {
      return;
    }
    const resolution = resolveServerLaunch({
      configuredPath: vscode.workspace.getConfiguration(ConfigurationSection).get<string>(SettingKeys.serverPath) ?? '',
      extensionPath: this.extensionPath,
      workspaceFolder: firstWorkspaceFolder(),
      homeDirectory: os.homedir(),
      pathVariable: process.env['PATH'] ?? '',
      pathExtensions: process.env['PATHEXT'],
      platform: process.platform,
      isFile,
    });
    if (!resolution.ok) {
      this.output.appendLine(`[client] ${resolution.message}`);
      for (const tried of resolution.tried) {
        this.output.appendLine(`[client]   tried: ${tried}`);
      }
      this.setState({ kind: 'failed', message: resolution.message });
      void this.showStartError(`PaperLsp: ${resolution.message}`);
      return;
    }
    if (usesDotnetHost(resolution.launch)) {
      const pathVariable = process.env['PATH'] ?? '';
      const host = resolution.launch.command.includes('/') || resolution.launch.command.includes('\\')
        ? (isFile(resolution.launch.command) ? resolution.launch.command : undefined)
        : findOnPath(resolution.launch.command, { pathVariable, pathExtensions: process.env['PATHEXT'], platform: process.platform, isFile });
      const missing = checkDotnetRuntime({ dotnetPath: host, platform: process.platform, realPath: (file) => fs.realpathSync(file), listDirectory });
      if (missing !== undefined) {
        this.output.appendLine(`[client] ${missing}`);
        this.setState({ kind: 'failed', message: missing });
        void this.showStartError(`PaperLsp: ${missing}`);
        return;
      }
    }
    const environment: NodeJS.ProcessEnv = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
    const bundledModel = findBundledModel(this.extensionPath, process.platform, listDirectory, isFile);
    if (bundledModel !== undefined && (environment['PAPERLSP_MODEL'] ?? '') === '') {
      environment['PAPERLSP_MODEL'] = bundledModel;
      this.output.appendLine(`[client] default model: ${bundledModel} (bundled)`);
    }
    this.output.appendLine(`[client] starting ${describeLaunch(resolution.launch)}`);
    const serverOptions: ServerOptions = {
      command: resolution.launch.command,
      args: resolution.launch.args,
      transport: TransportKind.stdio,
      options: { env: environment },
    };
    const initialSettings = this.readSettingsAndReport();
    const clientOptions: LanguageClientOptions = {
      documentSelector: DocumentLanguages.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      outputChannel: this.output,
      initializationOptions: initialSettings.settings,
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) {
              return answers;
            }
            return params.items.map((item, index) => {
              if (!item.section?.startsWith(ConfigurationSection)) {
                return answers[index] as unknown;
              }
              const scope = item.scopeUri !== undefined ? vscode.Uri.parse(item.scopeUri) : undefined;
              const ours = answerConfigurationItem(item.section, readServerSettings(scope).settings);
              return ours === undefined ? (answers[index] as unknown) : ours;
            });
          },
        },
      },
    };
    const client = new LanguageClient('paperlsp', 'PaperLsp', serverOptions, clientOptions);
    this.client = client;
    client.onNotification(StatusNotificationMethod, (payload: unknown) => {
      const status = parseServerStatus(payload);
      if (status !== undefined) {
        this.setState({ kind: 'running', status });
      }
    });
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        const previous = this.state.kind === 'running' ? this.state.status : undefined;
        this.setState(previous !== undefined ? { kind: 'running', status: previous } : { kind: 'running' });
      } else if (event.newState === State.Starting) {
        this.setState({ kind: 'starting' });
      } else if (this.state.kind !== 'failed') {
        this.setState({ kind: 'stopped' });
      }
    });
    this.setState({ kind: 'starting' });
    try {
      await client.start();
    } catch (error: unknown) {
      const message = explainStartFailure(error, resolution.launch);
      this.output.appendLine(`[client] ${message}`);
      this.client = undefined;
      this.setState({ kind: 'failed', message });
      await client.dispose().catch(() => undefined);
      void this.showStartError(`PaperLsp: ${message}`);
    }
  }

  public async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop(5000);
      } catch (error: unknown) {
        this.output.appendLine(`[client] stopping the server failed: ${errorMessage(error)}`);
      }
    }
    this.setState({ kind: 'stopped' });
  }

  public async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /**
   * Runs one of the server's executeCommand commands (waiting for a start in progress); rejects with a readable
   * error when the server is not running.
   */
  public async executeServerCommand(
    command: ServerCommandName,
    args: readonly unknown[],
    token?: vscode.CancellationToken,
  ): Promise<unknown> {
    if (this.starting !== undefined) {
      await this.starting;
    }
    const client = this.client;
    if (client?.state !== State.Running) {
      throw new Error('The PaperLsp server is not running. Run "PaperLsp: Show output" for details.');
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [...args] }, token);
  }

  public dispose(): void {
    void this.stop();
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private readSettingsAndReport(scope?: vscode.Uri): SettingsMapping {
    const mapping = readServerSettings(scope);
    for (const problem of mapping.problems) {
      if (!this.reportedProblems.has(problem.message)) {
        this.reportedProblems.add(problem.message);
        this.output.appendLine(`[settings] ${problem.message}`);
        void vscode.window.showWarningMessage(`PaperLsp: ${problem.message}`);
      }
    }
    return mapping;
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(ConfigurationSection)) {
      return;
    }
    if (event.affectsConfiguration(`${ConfigurationSection}.${SettingKeys.serverPath}`)) {
      void vscode.window
        .showInformationMessage('PaperLsp: the server path changed. Restart the server now?', 'Restart')
        .then((choice) => (choice === 'Restart' ? this.restart() : undefined));
      return;
    }
    const client = this.client;
    if (client?.state === State.Running) {
      this.reportedProblems = new Set<string>();
      const settings = this.readSettingsAndReport().settings;
      void client
        .sendNotification('workspace/didChangeConfiguration', { settings: { [ConfigurationSection]: settings } })
        .catch((error: unknown) => { this.output.appendLine(`[client] sending settings failed: ${errorMessage(error)}`); });
    }
  }

  private setState(state: ClientState): void {
    this.state = state;
    this.stateEmitter.fire(state);
  }

  private async showStartError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Output', 'Open Settings');
    if (choice === 'Show Output') {
      this.output.show(true);
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${ConfigurationSection}.${SettingKeys.serverPath}`);
    }
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
