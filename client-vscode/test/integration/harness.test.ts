import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parsePaperHits, parseServerStatus, ServerCommands } from '../../src/core/protocol';
import { readerFromObject, toServerSettings } from '../../src/core/settings';
import { ServerSession } from '../support/serverSession';

/** Checks the protocol harness against a scripted server, so a failure in the real-server test is the server's. */
describe('protocol test harness (scripted server)', { timeout: 60_000 }, () => {
  it('runs the full lifecycle, answers workspace/configuration with the mapped settings and reads status', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'paperlsp-harness-'));
    const { settings } = toServerSettings(readerFromObject({ 'corpus.paths': ['papers'], 'citation.style': 'citet' }), { workspaceFolder: workspace });
    const session = ServerSession.start({
      settings,
      workspaceFolder: workspace,
      command: process.execPath,
      args: [path.join(__dirname, '..', 'support', 'scriptedServer.js')],
    });
    try {
      const result = await session.initialize();
      assert.equal(result.serverInfo?.name, 'scripted-paperlsp');
      const status = parseServerStatus(await session.waitForNotification('paperlsp/status'));
      assert.deepEqual(status, { papers: 2, executionProvider: 'cpu' }, 'the server saw the same settings in initializationOptions and workspace/configuration');
      assert.deepEqual(session.configurationRequests, ['paperlsp']);
      const hits = parsePaperHits(await session.executeCommand(ServerCommands.search, [{ query: 'attention' }]));
      assert.deepEqual(
        hits.map((h) => h.key),
        ['vaswani2017'],
      );
      assert.equal(await session.shutdown(), 0);
    } finally {
      await session.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('fails fast with the exit code when the server dies before answering', async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'paperlsp-harness-'));
    const { settings } = toServerSettings(readerFromObject({}), {});
    const session = ServerSession.start({ settings, workspaceFolder: workspace, command: process.execPath, args: ['-e', 'process.stderr.write("boom"); process.exit(3)'] });
    try {
      await assert.rejects(session.initialize(), /server exited \(code 3\) before answering initialize[\s\S]*boom/);
    } finally {
      await session.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
