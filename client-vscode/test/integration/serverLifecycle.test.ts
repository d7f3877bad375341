import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { InitializeResult } from 'vscode-languageserver-protocol/node';
import { ServerCommands } from '../../src/core/protocol';
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

  it('answers shutdown and exits with code 0 on exit', { skip: skip ?? false }, async () => {
    assert.ok(session);
    const code = await session.shutdown();
    assert.equal(code, 0, `exit code ${String(code)}; stderr:\n${session.stderr.slice(-2000)}`);
  });
});
