import * as vscode from 'vscode';
import { ClientCommands } from '../core/contributions';
import { presentStatus, type ClientState } from '../core/statusText';

/** The status bar item: papers indexed, execution provider, indexing progress. */
export class PaperLspStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  public constructor() {
    this.item = vscode.window.createStatusBarItem('paperlsp.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'PaperLsp';
    this.update({ kind: 'stopped' });
    this.item.show();
  }

  public update(state: ClientState): void {
    const presentation = presentStatus(state);
    this.item.text = presentation.text;
    this.item.tooltip = presentation.tooltip;
    this.item.backgroundColor = presentation.isProblem ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const ready = state.kind === 'running' && state.status !== undefined && state.status.indexing === undefined;
    this.item.command = ready ? ClientCommands.searchPapers : ClientCommands.showOutput;
  }

  public dispose(): void {
    this.item.dispose();
  }
}
