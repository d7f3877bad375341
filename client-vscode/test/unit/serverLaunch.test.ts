import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkDotnetRuntime,
  describeLaunch,
  explainStartFailure,
  findBundledModel,
  findOnPath,
  resolveServerLaunch,
  type ServerLaunchEnvironment,
} from '../../src/core/serverLaunch';

const repoDll = '/repo/server/PaperLsp.Cli/bin/Release/net10.0/paperlsp.dll';
const bundledExe = '/repo/client-vscode/server/paperlsp';
const bundledDll = '/repo/client-vscode/server/paperlsp.dll';

function environment(files: string[], overrides: Partial<ServerLaunchEnvironment> = {}): ServerLaunchEnvironment {
  const existing = new Set(files);
  return {
    configuredPath: '',
    extensionPath: '/repo/client-vscode',
    workspaceFolder: '/ws',
    homeDirectory: '/home/ada',
    pathVariable: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    isFile: (candidate) => existing.has(candidate),
    ...overrides,
  };
}

describe('resolveServerLaunch', () => {
  it('prefers the repository Release build next to the extension, run with dotnet', () => {
    const result = resolveServerLaunch(environment([repoDll, '/usr/bin/paperlsp']));
    assert.deepEqual(result, { ok: true, launch: { command: 'dotnet', args: [repoDll, 'serve', '--stdio'], origin: 'repository build' } });
  });

  it('prefers the server bundled in a platform .vsix over the repository build and PATH', () => {
    const result = resolveServerLaunch(environment([bundledExe, bundledDll, repoDll, '/usr/bin/paperlsp']));
    assert.deepEqual(result, { ok: true, launch: { command: bundledExe, args: ['serve', '--stdio'], origin: 'bundled' } });
  });

  it('runs a bundled framework-dependent paperlsp.dll with dotnet', () => {
    const result = resolveServerLaunch(environment([bundledDll, repoDll]));
    assert.deepEqual(result, { ok: true, launch: { command: 'dotnet', args: [bundledDll, 'serve', '--stdio'], origin: 'bundled' } });
  });

  it('lets paperlsp.server.path override the bundled server', () => {
    const result = resolveServerLaunch(environment([bundledExe, '/opt/p/paperlsp'], { configuredPath: '/opt/p/paperlsp' }));
    assert.deepEqual(result, { ok: true, launch: { command: '/opt/p/paperlsp', args: ['serve', '--stdio'], origin: 'setting' } });
  });

  it('looks for paperlsp.exe in a Windows package', () => {
    const result = resolveServerLaunch(
      environment(['C:\\ext\\server\\paperlsp.exe'], { platform: 'win32', extensionPath: 'C:\\ext', pathVariable: '' }),
    );
    assert.deepEqual(result, { ok: true, launch: { command: 'C:\\ext\\server\\paperlsp.exe', args: ['serve', '--stdio'], origin: 'bundled' } });
  });

  it('falls back to paperlsp on PATH', () => {
    const result = resolveServerLaunch(environment(['/usr/bin/paperlsp']));
    assert.deepEqual(result, { ok: true, launch: { command: '/usr/bin/paperlsp', args: ['serve', '--stdio'], origin: 'PATH' } });
  });

  it('explains what it tried when nothing is found', () => {
    const result = resolveServerLaunch(environment([]));
    if (result.ok) {
      assert.fail('expected no server to be found');
    }
    assert.match(result.message, /paperlsp\.server\.path/);
    assert.deepEqual(result.tried, [bundledExe, bundledDll, repoDll, 'paperlsp on PATH']);
  });

  const configuredCases: { name: string; configured: string; files: string[]; command: string; args: string[] }[] = [
    { name: 'absolute executable', configured: '/opt/p/paperlsp', files: ['/opt/p/paperlsp'], command: '/opt/p/paperlsp', args: ['serve', '--stdio'] },
    { name: 'absolute dll', configured: '/opt/p/paperlsp.dll', files: ['/opt/p/paperlsp.dll'], command: 'dotnet', args: ['/opt/p/paperlsp.dll', 'serve', '--stdio'] },
    { name: 'DLL in upper case', configured: '/opt/p/PaperLsp.DLL', files: ['/opt/p/PaperLsp.DLL'], command: 'dotnet', args: ['/opt/p/PaperLsp.DLL', 'serve', '--stdio'] },
    { name: 'home-relative', configured: '~/bin/paperlsp', files: ['/home/ada/bin/paperlsp'], command: '/home/ada/bin/paperlsp', args: ['serve', '--stdio'] },
    { name: 'workspace-relative', configured: 'tools/paperlsp', files: ['/ws/tools/paperlsp'], command: '/ws/tools/paperlsp', args: ['serve', '--stdio'] },
    { name: 'workspace variable', configured: '${workspaceFolder}/p.dll', files: ['/ws/p.dll'], command: 'dotnet', args: ['/ws/p.dll', 'serve', '--stdio'] },
    { name: 'bare name on PATH', configured: 'paperlsp-dev', files: ['/usr/local/bin/paperlsp-dev'], command: '/usr/local/bin/paperlsp-dev', args: ['serve', '--stdio'] },
  ];
  for (const testCase of configuredCases) {
    it(`uses the configured path: ${testCase.name}`, () => {
      const result = resolveServerLaunch(environment([...testCase.files, repoDll], { configuredPath: testCase.configured }));
      assert.deepEqual(result, { ok: true, launch: { command: testCase.command, args: testCase.args, origin: 'setting' } });
    });
  }

  it('reports a configured path that does not exist instead of silently using the default', () => {
    const result = resolveServerLaunch(environment([repoDll], { configuredPath: '/nowhere/paperlsp' }));
    if (result.ok) {
      assert.fail('expected a failure for a missing configured server');
    }
    assert.match(result.message, /\/nowhere\/paperlsp/);
  });

  it('uses the given dotnet host', () => {
    const result = resolveServerLaunch(environment([repoDll], { dotnetCommand: '/usr/share/dotnet/dotnet' }));
    assert.equal(result.ok && result.launch.command, '/usr/share/dotnet/dotnet');
  });

  it('resolves Windows paths with PATHEXT', () => {
    const result = resolveServerLaunch(
      environment(['C:\\tools\\paperlsp.exe'], {
        platform: 'win32',
        extensionPath: 'C:\\ext\\client-vscode',
        workspaceFolder: 'C:\\ws',
        pathVariable: 'C:\\Windows;"C:\\tools"',
        pathExtensions: '.COM;.EXE',
      }),
    );
    assert.deepEqual(result, { ok: true, launch: { command: 'C:\\tools\\paperlsp.exe', args: ['serve', '--stdio'], origin: 'PATH' } });
  });
});

describe('findOnPath', () => {
  it('skips empty PATH entries and returns the first match', () => {
    const files = new Set(['/b/tool', '/c/tool']);
    assert.equal(findOnPath('tool', { pathVariable: '::/a:/b:/c', platform: 'linux', isFile: (f) => files.has(f) }), '/b/tool');
  });
  it('returns undefined when absent', () => {
    assert.equal(findOnPath('tool', { pathVariable: '/a', platform: 'linux', isFile: () => false }), undefined);
  });
});

describe('describeLaunch', () => {
  it('quotes parts with spaces', () => {
    assert.equal(
      describeLaunch({ command: 'dotnet', args: ['/My Repo/paperlsp.dll', 'serve', '--stdio'], origin: 'repository build' }),
      'dotnet "/My Repo/paperlsp.dll" serve --stdio (from repository build)',
    );
  });
});

describe('explainStartFailure', () => {
  const dllLaunch = { command: 'dotnet', args: ['/repo/paperlsp.dll', 'serve', '--stdio'], origin: 'repository build' as const };
  const exeLaunch = { command: '/opt/paperlsp', args: ['serve', '--stdio'], origin: 'setting' as const };
  const enoent = Object.assign(new Error('spawn dotnet ENOENT'), { code: 'ENOENT' });
  const cases: { name: string; error: unknown; launch: typeof dllLaunch | typeof exeLaunch; expected: RegExp }[] = [
    { name: 'dotnet missing', error: enoent, launch: dllLaunch, expected: /needs the \.NET 10 runtime, but "dotnet" was not found on PATH\. Install the \.NET 10 runtime \(https:/ },
    { name: 'executable missing', error: new Error('spawn /opt/paperlsp ENOENT'), launch: exeLaunch, expected: /"\/opt\/paperlsp" does not exist/ },
    { name: 'not executable', error: Object.assign(new Error('spawn EACCES'), { code: 'EACCES' }), launch: exeLaunch, expected: /not executable/ },
    { name: 'anything else', error: 'connection closed', launch: exeLaunch, expected: /could not start the server \(\/opt\/paperlsp serve --stdio \(from setting\)\): connection closed/ },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => assert.match(explainStartFailure(testCase.error, testCase.launch), testCase.expected));
  }
});

describe('checkDotnetRuntime', () => {
  const folders: Record<string, string[]> = {
    '/usr/lib/dotnet/shared/Microsoft.NETCore.App': ['8.0.11', '10.0.3'],
    '/opt/old/shared/Microsoft.NETCore.App': ['8.0.11'],
  };
  const probe = (dotnetPath: string | undefined) => ({
    dotnetPath,
    platform: 'linux' as const,
    realPath: (file: string) => (file === '/usr/bin/dotnet' ? '/usr/lib/dotnet/dotnet' : file),
    listDirectory: (folder: string) => folders[folder] ?? [],
  });

  it('accepts a host whose shared folder (through its symbolic link) holds a 10.x runtime', () => {
    assert.equal(checkDotnetRuntime(probe('/usr/bin/dotnet')), undefined);
  });

  it('names what to install when there is no dotnet at all', () => {
    assert.match(checkDotnetRuntime(probe(undefined)) ?? '', /no `dotnet` was found on PATH\. Install the \.NET 10 runtime \(https:\/\/dotnet\.microsoft\.com/);
  });

  it('names the versions found when only older runtimes are installed', () => {
    assert.match(checkDotnetRuntime(probe('/opt/old/dotnet')) ?? '', /\/opt\/old\/dotnet has no \.NET 10 runtime \(only 8\.0\.11 is installed\)/);
  });
});

describe('findBundledModel', () => {
  it('returns the first models/<name> folder with a manifest', () => {
    const listing: Record<string, string[]> = { '/ext/server/models': ['zeta', 'use-lite', 'broken'] };
    const files = new Set(['/ext/server/models/use-lite/model.json', '/ext/server/models/zeta/model.json']);
    assert.equal(
      findBundledModel('/ext', 'linux', (folder) => listing[folder] ?? [], (file) => files.has(file)),
      '/ext/server/models/use-lite',
    );
  });

  it('returns undefined without a bundled model', () => {
    assert.equal(findBundledModel('/ext', 'linux', () => [], () => false), undefined);
  });
});
