import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  HoverRequest,
  type CompletionList,
  type Hover,
  type InitializeResult,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { parsePaperHits, ServerCommands, StatusNotificationMethod } from '../../src/core/protocol';
import { readerFromObject, toServerSettings } from '../../src/core/settings';
import { repositoryRoot, serverSkipReason, ServerSession } from '../support/serverSession';

const skip = serverSkipReason();
if (skip !== undefined) {
  console.log(`# protocol tests skipped: ${skip}`);
}

const sampleTex = String.raw`\documentclass{article}
\begin{document}
\section{Introduction}
Large language models can be steered to reason step by step with chain-of-thought prompting \cite{}.
\end{document}
`;

/**
 * Lifecycle over stdio exactly as VS Code drives it: initialize (VS Code's capabilities, the extension's
 * initializationOptions) → initialized → didOpen → didClose → shutdown → exit. Later checks (completion, hover,
 * executeCommand) go in this describe block and reuse `session`.
 */
describe('server lifecycle over stdio (protocol level)', { timeout: 300_000 }, () => {
  let workspace = '';
  let session: ServerSession | undefined;
  let initializeResult: InitializeResult | undefined;
  let texUri = '';

  before(async () => {
    if (skip !== undefined) {
      return;
    }
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'paperlsp-client-test-'));
    const texPath = path.join(workspace, 'main.tex');
    fs.writeFileSync(texPath, sampleTex);
    texUri = pathToFileURL(texPath).href;
    const { settings } = toServerSettings(
      readerFromObject({
        'corpus.paths': [path.join(repositoryRoot, 'samples', 'corpus')],
        'index.path': path.join(workspace, '.paperlsp', 'index.db'),
        device: 'cpu',
        'citation.style': 'citep',
        'completion.limit': 10,
      }),
      { workspaceFolder: workspace, homeDirectory: os.homedir() },
    );
    session = ServerSession.start({ settings, workspaceFolder: workspace });
    initializeResult = await session.initialize();
  });

  after(async () => {
    await session?.dispose();
    if (workspace.length > 0) {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('announces the capabilities the extension relies on', { skip: skip ?? false }, () => {
    const capabilities = initializeResult?.capabilities;
    assert.ok(capabilities, 'initialize returned no capabilities');
    const sync = capabilities.textDocumentSync;
    if (typeof sync === 'object') {
      assert.equal(sync.openClose, true, 'textDocumentSync.openClose');
      assert.ok(sync.change === 1 || sync.change === 2, `textDocumentSync.change = ${String(sync.change)}`);
    } else {
      assert.ok(sync === 1 || sync === 2, `textDocumentSync = ${String(sync)}`);
    }
    assert.ok(capabilities.completionProvider, 'completionProvider');
    assert.equal(capabilities.completionProvider.resolveProvider, true, 'completionProvider.resolveProvider');
    assert.ok(capabilities.completionProvider.triggerCharacters?.includes('{'), 'completion triggers on "{" (\\cite{)');
    assert.ok(capabilities.hoverProvider, 'hoverProvider');
    assert.ok(capabilities.codeActionProvider, 'codeActionProvider');
    assert.ok(capabilities.definitionProvider, 'definitionProvider');
    assert.ok(capabilities.workspaceSymbolProvider, 'workspaceSymbolProvider');
    const commands = (capabilities.executeCommandProvider)?.commands ?? [];
    for (const command of Object.values(ServerCommands)) {
      assert.ok(commands.includes(command), `executeCommandProvider.commands lacks ${command} (has ${JSON.stringify(commands)})`);
    }
  });

  it('accepts didOpen and didClose of a .tex document and stays up', { skip: skip ?? false }, async () => {
    assert.ok(session);
    await session.openDocument(texUri, 'latex', sampleTex);
    await session.closeDocument(texUri);
    assert.equal(session.hasExited, false, `server exited after didOpen/didClose:\n${session.stderr.slice(-2000)}`);
  });

  it('indexes the sample corpus in the background and reports it ready through paperlsp/status', { skip: skip ?? false }, async () => {
    assert.ok(session);
    const status = await waitForReadyStatus(session);
    assert.ok(status.papers >= 200, `papers = ${String(status.papers)}`);
    assert.ok(['cpu', 'cuda', 'none'].includes(String(status.executionProvider)), `executionProvider = ${String(status.executionProvider)}`);
    assert.equal(status.indexing, undefined, 'indexing finished');
  });

  it('paperlsp.search returns papers of the sample corpus', { skip: skip ?? false }, async () => {
    assert.ok(session);
    const hits = parsePaperHits(await session.executeCommand(ServerCommands.search, [{ query: 'last-iterate convergence of stochastic gradient methods', limit: 5 }]));
    assert.ok(hits.length > 0 && hits.length <= 5, `hits: ${JSON.stringify(hits)}`);
    assert.ok(hits.some((h) => h.title.includes('Last-Iterate Convergence')), `hits: ${hits.map((h) => h.title).join(' | ')}`);
  });

  it('completes keys inside \\citep{ and hovers a cited key with its card', { skip: skip ?? false }, async () => {
    assert.ok(session);
    const hits = parsePaperHits(await session.executeCommand(ServerCommands.search, [{ query: 'last-iterate convergence of stochastic gradient methods', limit: 1 }]));
    const paper = hits[0];
    assert.ok(paper, 'search found the paper to cite');
    const prefix = paper.key.slice(0, 4);
    const text = String.raw`\documentclass{article}
\begin{document}
The final iterate of SGD converges at the optimal rate \citep{${paper.key}}.
Stochastic gradient descent needs no compact domain \citep{${prefix}}.
\end{document}
`;
    const uri = pathToFileURL(path.join(workspace, 'cite.tex')).href;
    await session.openDocument(uri, 'latex', text);
    const line = 3;
    const character = text.split('\n')[line]!.indexOf('{' + prefix) + 1 + prefix.length;
    const completion = await session.request(
      session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } }),
      'completion',
    ) as CompletionList | null;
    assert.ok(completion, 'completion returned null inside \\citep{');
    assert.equal(completion.isIncomplete, true);
    assert.ok(completion.items.length > 0 && completion.items.length <= 10, `items: ${String(completion.items.length)}`);
    const item = completion.items.find((i) => i.label === paper.key);
    assert.ok(item, `the typed prefix ${prefix} offers ${paper.key}: ${completion.items.map((i) => i.label).join(', ')}`);
    assert.equal(item.filterText, prefix);
    const edit = item.textEdit;
    assert.ok(edit && 'range' in edit, 'textEdit with a range');
    assert.deepEqual(edit.range, { start: { line, character: character - prefix.length }, end: { line, character } });

    const keyCharacter = text.split('\n')[2]!.indexOf(paper.key) + 2;
    const hover: Hover | null = await session.request(
      session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: keyCharacter } }),
      'hover',
    );
    assert.ok(hover, 'hover on a cited key');
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.ok(contents.value.includes(paper.title), `hover card: ${contents.value.slice(0, 300)}`);
    await session.closeDocument(uri);
  });

  it('answers shutdown and exits with code 0 on exit', { skip: skip ?? false }, async () => {
    assert.ok(session);
    const code = await session.shutdown();
    assert.equal(code, 0, `exit code ${String(code)}; stderr:\n${session.stderr.slice(-2000)}`);
  });
});

interface StatusPayload {
  papers: number;
  executionProvider?: string;
  state?: string;
  indexing?: unknown;
}

/** Waits (polling the received notifications) for a paperlsp/status saying the background work is done. */
async function waitForReadyStatus(session: ServerSession, timeoutMs = 240_000): Promise<StatusPayload> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = session.notifications
      .filter((n) => n.method === StatusNotificationMethod)
      .map((n) => n.params as StatusPayload)
      .find((p) => p.state === 'ready' && p.indexing === undefined);
    if (ready !== undefined) {
      return ready;
    }
    if (session.hasExited || Date.now() > deadline) {
      throw new Error(`no ready ${StatusNotificationMethod} (exited: ${String(session.hasExited)}); stderr:\n${session.stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
