/**
 * A minimal scripted language server used to test the test harness itself (ServerSession) without the .NET
 * server: it follows the PaperLsp contract just enough (capabilities, workspace/configuration round trip,
 * paperlsp/status, executeCommand search, shutdown/exit) using the same protocol library as VS Code.
 */
import {
  ConfigurationRequest,
  createMessageConnection,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let shutdownRequested = false;
let initializationOptions: unknown;

connection.onRequest(InitializeRequest.type, (params): InitializeResult => {
  initializationOptions = params.initializationOptions;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { resolveProvider: true, triggerCharacters: ['{', ','] },
      hoverProvider: true,
      codeActionProvider: true,
      definitionProvider: true,
      workspaceSymbolProvider: true,
      executeCommandProvider: { commands: ['paperlsp.search', 'paperlsp.related', 'paperlsp.insertCitation', 'paperlsp.reindex'] },
    },
    serverInfo: { name: 'scripted-paperlsp', version: '0' },
  };
});
connection.onNotification(InitializedNotification.type, () => {
  void connection.sendRequest(ConfigurationRequest.type, { items: [{ section: 'paperlsp' }] }).then((answers) => {
    const same = JSON.stringify(answers[0]) === JSON.stringify(initializationOptions);
    void connection.sendNotification('paperlsp/status', { papers: same ? 2 : -1, executionProvider: 'cpu' });
  });
});
connection.onNotification(DidOpenTextDocumentNotification.type, (params) => {
  void connection.sendNotification('textDocument/publishDiagnostics', { uri: params.textDocument.uri, diagnostics: [] });
});
connection.onRequest(ExecuteCommandRequest.type, (params) => {
  if (params.command === 'paperlsp.search') {
    return [{ key: 'vaswani2017', title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017, arxivId: '1706.03762', score: 1 }];
  }
  return null;
});
connection.onRequest(ShutdownRequest.type, () => {
  shutdownRequested = true;
  return null;
});
connection.onNotification(ExitNotification.type, () => process.exit(shutdownRequested ? 0 : 1));
connection.listen();
