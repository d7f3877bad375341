import * as vscode from 'vscode';
import { formatCitation, paragraphAround } from './core/citationText';
import { ClientCommands, DocumentLanguages } from './core/contributions';
import {
  parseAddPaperResult,
  parseInsertCitationResult,
  parsePaperHits,
  parseReindexResult,
  ServerCommands,
  splitPaperReferences,
  type PaperHit,
  type RelatedArguments,
} from './core/protocol';
import { errorMessage, PaperLspClient, readServerSettings } from './vscode/paperLspClient';
import { pickPaper } from './vscode/paperPicker';
import { PaperLspStatusBar } from './vscode/statusBar';

let paperLsp: PaperLspClient | undefined;

function isServedDocument(document: vscode.TextDocument): boolean {
  return (DocumentLanguages as readonly string[]).includes(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** Arguments for `paperlsp.related`: the selection's text when there is one, else the cursor (the server finds the paragraph). */
function relatedArguments(editor: vscode.TextEditor): RelatedArguments | undefined {
  const selection = editor.selection;
  if (!selection.isEmpty) {
    const text = editor.document.getText(selection).trim();
    if (text.length > 0) {
      return { text };
    }
  }
  if (isServedDocument(editor.document)) {
    return { uri: editor.document.uri.toString(), position: { line: selection.active.line, character: selection.active.character } };
  }
  const lines: string[] = [];
  for (let line = 0; line < editor.document.lineCount; line++) {
    lines.push(editor.document.lineAt(line).text);
  }
  const text = paragraphAround(lines, selection.active.line);
  return text.length > 0 ? { text } : undefined;
}

async function searchPapers(client: PaperLspClient, query: string, token: vscode.CancellationToken): Promise<PaperHit[]> {
  const limit = readServerSettings().settings.completionLimit;
  return parsePaperHits(await client.executeServerCommand(ServerCommands.search, [{ query, limit }], token));
}

async function relatedPapers(client: PaperLspClient, args: RelatedArguments, token: vscode.CancellationToken): Promise<PaperHit[]> {
  return parsePaperHits(await client.executeServerCommand(ServerCommands.related, [args], token));
}

/** Inserts a citation of `hit` at the editor's cursor through the server; falls back to a local edit, then to the clipboard. */
async function useChosenPaper(client: PaperLspClient, hit: PaperHit, editor: vscode.TextEditor | undefined): Promise<void> {
  if (editor === undefined || editor.document.isClosed) {
    await vscode.env.clipboard.writeText(hit.key);
    void vscode.window.showInformationMessage(`PaperLsp: copied citation key ${hit.key}`);
    return;
  }
  const position = editor.selection.active;
  if (isServedDocument(editor.document)) {
    try {
      const result = parseInsertCitationResult(
        await client.executeServerCommand(ServerCommands.insertCitation, [
          { uri: editor.document.uri.toString(), position: { line: position.line, character: position.character }, key: hit.key },
        ]),
      );
      if (result.applied) {
        return;
      }
      client.output.appendLine(`[client] the server did not apply the citation of ${hit.key}; inserting it locally.`);
    } catch (error: unknown) {
      client.output.appendLine(`[client] paperlsp.insertCitation failed (${errorMessage(error)}); inserting the citation locally.`);
    }
  }
  const style = readServerSettings(editor.document.uri).settings.citationStyle;
  const text = formatCitation(hit.key, style, editor.document.languageId);
  const inserted = await editor.edit((builder) => { builder.insert(position, text); });
  if (!inserted) {
    await vscode.env.clipboard.writeText(hit.key);
    void vscode.window.showWarningMessage(`PaperLsp: could not edit the document; copied citation key ${hit.key}`);
  }
}

function registerCommands(context: vscode.ExtensionContext, client: PaperLspClient): void {
  const describe = (error: unknown): string => errorMessage(error);
  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.searchPapers, async () => {
      const editor = vscode.window.activeTextEditor;
      const hit = await pickPaper(
        {
          title: 'PaperLsp: Search papers',
          placeholder: 'Type words, a title, an author or an arXiv id',
          search: (query, token) => searchPapers(client, query, token),
          emptyHint: 'Start typing to search your papers.',
        },
        describe,
      );
      if (hit !== undefined) {
        await useChosenPaper(client, hit, editor);
      }
    }),
    vscode.commands.registerCommand(ClientCommands.showRelatedPapers, async () => {
      const editor = vscode.window.activeTextEditor;
      const args = editor !== undefined ? relatedArguments(editor) : undefined;
      if (editor === undefined || args === undefined) {
        void vscode.window.showInformationMessage('PaperLsp: put the cursor in a paragraph (or select text) to see related papers.');
        return;
      }
      const hit = await pickPaper(
        {
          title: 'PaperLsp: Papers related to this paragraph',
          placeholder: 'Filter the related papers',
          initial: (token) => relatedPapers(client, args, token),
          emptyHint: 'Looking for related papers…',
        },
        describe,
      );
      if (hit !== undefined) {
        await useChosenPaper(client, hit, editor);
      }
    }),
    vscode.commands.registerCommand(ClientCommands.insertCitation, async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) {
        void vscode.window.showInformationMessage('PaperLsp: open a document to insert a citation.');
        return;
      }
      const args = relatedArguments(editor);
      const hit = await pickPaper(
        {
          title: 'PaperLsp: Insert citation',
          placeholder: 'Papers related to the text at the cursor; type to search',
          search: (query, token) => searchPapers(client, query, token),
          ...(args !== undefined ? { initial: (token: vscode.CancellationToken) => relatedPapers(client, args, token) } : {}),
          emptyHint: 'Type to search your papers.',
        },
        describe,
      );
      if (hit !== undefined) {
        await useChosenPaper(client, hit, editor);
      }
    }),
    vscode.commands.registerCommand(ClientCommands.reindex, async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'PaperLsp: re-indexing the corpus…', cancellable: true },
        async (_progress, token) => {
          try {
            const result = parseReindexResult(await client.executeServerCommand(ServerCommands.reindex, [], token));
            if (!token.isCancellationRequested) {
              void vscode.window.showInformationMessage(
                result !== undefined ? `PaperLsp: indexed ${result.papers.toLocaleString('en-US')} papers.` : 'PaperLsp: re-index finished.',
              );
            }
          } catch (error: unknown) {
            if (!token.isCancellationRequested) {
              void vscode.window.showErrorMessage(`PaperLsp: re-index failed: ${errorMessage(error)}`);
            }
          }
        },
      );
    }),
    vscode.commands.registerCommand(ClientCommands.addPaper, async () => {
      const editor = vscode.window.activeTextEditor;
      const input = await vscode.window.showInputBox({
        title: 'PaperLsp: Add paper',
        prompt: 'arXiv ids or URLs, Hugging Face paper URLs or DOIs (several: separate them with spaces). PaperLsp fetches them and adds them to the index.',
        placeHolder: '2401.12345  https://huggingface.co/papers/2401.12345  10.18653/v1/2024.naacl-long.1',
        ignoreFocusOut: true,
      });
      const papers = splitPaperReferences(input ?? '');
      if (papers.length === 0) {
        return;
      }
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `PaperLsp: adding ${papers.length === 1 ? papers[0] : `${papers.length} papers`}…`, cancellable: true },
        async (_progress, token) => {
          try {
            const result = parseAddPaperResult(await client.executeServerCommand(ServerCommands.addPaper, [{ papers }], token));
            for (const failed of result.papers.filter((p) => p.error !== undefined)) {
              void vscode.window.showErrorMessage(`PaperLsp: ${failed.requested}: ${failed.error ?? ''}`);
            }
            const added = result.papers.filter((p) => p.key !== undefined);
            if (added.length === 0 || token.isCancellationRequested) {
              return;
            }
            const first = added[0];
            const cite = editor !== undefined && isServedDocument(editor.document) ? 'Cite at cursor' : undefined;
            const message = `PaperLsp: added ${added.map((p) => `${p.key ?? ''} (${p.title ?? ''})`).join(', ')}`;
            const choice = cite !== undefined ? await vscode.window.showInformationMessage(message, cite) : await vscode.window.showInformationMessage(message);
            if (choice === cite && first?.key !== undefined) {
              await useChosenPaper(client, { key: first.key, title: first.title ?? first.key, authors: [], score: 0 }, editor);
            }
          } catch (error: unknown) {
            if (!token.isCancellationRequested) {
              void vscode.window.showErrorMessage(`PaperLsp: adding papers failed: ${errorMessage(error)}`);
            }
          }
        },
      );
    }),
    vscode.commands.registerCommand(ClientCommands.showOutput, () => { client.output.show(true); }),
    vscode.commands.registerCommand(ClientCommands.restartServer, () => client.restart()),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('PaperLsp');
  const client = new PaperLspClient(context.extensionPath, output);
  const statusBar = new PaperLspStatusBar();
  paperLsp = client;
  context.subscriptions.push(output, statusBar, client, client.onDidChangeState((state) => { statusBar.update(state); }));
  registerCommands(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  const client = paperLsp;
  paperLsp = undefined;
  if (client !== undefined) {
    await client.stop();
  }
}
