import * as path from 'node:path';

/** Relative location of the server's Release build inside the repository. */
export const RepoServerDll = ['server', 'PaperLsp.Cli', 'bin', 'Release', 'net10.0', 'paperlsp.dll'] as const;
export const ServerExecutableName = 'paperlsp';
/** Folder inside a platform .vsix holding the published server (scripts/package-vsix.sh puts it there). */
export const BundledServerFolder = 'server';
/** Folder inside the bundled server that holds the default embedding model. */
export const BundledModelsFolder = 'models';
/** Where to get the runtime a framework-dependent server (a .dll) needs. */
export const DotnetRuntimeDownload = 'https://dotnet.microsoft.com/download/dotnet/10.0';
export const RequiredDotnetMajor = 10;
export const ServeArguments = ['serve', '--stdio'] as const;

/** How to start the server process. */
export interface ServerLaunch {
  command: string;
  args: string[];
  /** Where it came from, for the output channel and error messages. */
  origin: 'setting' | 'bundled' | 'repository build' | 'PATH';
}

export type ServerLaunchResolution =
  | { ok: true; launch: ServerLaunch }
  | { ok: false; message: string; tried: string[] };

/** Everything the resolution looks at, passed in so it stays a pure function. */
export interface ServerLaunchEnvironment {
  /** Value of `paperlsp.server.path` (empty: default). */
  configuredPath: string;
  /** The extension's own folder (`client-vscode` in the repository). */
  extensionPath: string;
  workspaceFolder?: string | undefined;
  homeDirectory?: string | undefined;
  /** PATH environment variable. */
  pathVariable: string;
  /** PATHEXT on Windows (e.g. ".COM;.EXE;.BAT;.CMD"). */
  pathExtensions?: string | undefined;
  platform: NodeJS.Platform;
  /** Whether a regular file exists at the path. */
  isFile: (candidate: string) => boolean;
  /** The `dotnet` host used for .dll servers. */
  dotnetCommand?: string;
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function launchFor(file: string, origin: ServerLaunch['origin'], dotnet: string): ServerLaunch {
  if (file.toLowerCase().endsWith('.dll')) {
    return { command: dotnet, args: [file, ...ServeArguments], origin };
  }
  return { command: file, args: [...ServeArguments], origin };
}

/** Finds an executable named `name` on PATH (with PATHEXT suffixes on Windows). */
export function findOnPath(name: string, env: Pick<ServerLaunchEnvironment, 'pathVariable' | 'pathExtensions' | 'platform' | 'isFile'>): string | undefined {
  const api = pathApi(env.platform);
  const separator = env.platform === 'win32' ? ';' : ':';
  const suffixes =
    env.platform === 'win32'
      ? ['', ...(env.pathExtensions ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((s) => s.length > 0).map((s) => s.toLowerCase())]
      : [''];
  for (const rawDirectory of env.pathVariable.split(separator)) {
    const directory = rawDirectory.trim().replace(/^"(.*)"$/, '$1');
    if (directory.length === 0) {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = api.join(directory, name + suffix);
      if (env.isFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Decides how to start the server: the configured path when set (a .dll runs under `dotnet`), else the server
 * bundled in a platform .vsix (`server/paperlsp`), else the repository's Release build next to the extension
 * folder, else `paperlsp` on PATH. Never throws; when nothing
 * is found it explains what was tried.
 */
export function resolveServerLaunch(env: ServerLaunchEnvironment): ServerLaunchResolution {
  const api = pathApi(env.platform);
  const dotnet = env.dotnetCommand ?? 'dotnet';
  const configured = env.configuredPath.trim();
  if (configured.length > 0) {
    let file = configured;
    if (env.homeDirectory !== undefined && (file === '~' || file.startsWith('~/') || file.startsWith('~\\'))) {
      file = api.join(env.homeDirectory, file.slice(1));
    }
    if (env.workspaceFolder !== undefined) {
      file = file.split('${workspaceFolder}').join(env.workspaceFolder);
    }
    if (!api.isAbsolute(file)) {
      const bare = !file.includes('/') && !file.includes('\\');
      const onPath = bare ? findOnPath(file, env) : undefined;
      if (onPath !== undefined) {
        return { ok: true, launch: launchFor(onPath, 'setting', dotnet) };
      }
      file = api.resolve(env.workspaceFolder ?? env.extensionPath, file);
    }
    if (env.isFile(file)) {
      return { ok: true, launch: launchFor(file, 'setting', dotnet) };
    }
    return {
      ok: false,
      message: `paperlsp.server.path points to "${configured}", but no file exists at ${file}.`,
      tried: [file],
    };
  }
  const tried: string[] = [];
  const bundledFolder = api.join(env.extensionPath, BundledServerFolder);
  for (const bundled of [
    api.join(bundledFolder, env.platform === 'win32' ? `${ServerExecutableName}.exe` : ServerExecutableName),
    api.join(bundledFolder, `${ServerExecutableName}.dll`),
  ]) {
    tried.push(bundled);
    if (env.isFile(bundled)) {
      return { ok: true, launch: launchFor(bundled, 'bundled', dotnet) };
    }
  }
  const repositoryDll = api.join(api.dirname(env.extensionPath), ...RepoServerDll);
  tried.push(repositoryDll);
  if (env.isFile(repositoryDll)) {
    return { ok: true, launch: launchFor(repositoryDll, 'repository build', dotnet) };
  }
  const onPath = findOnPath(ServerExecutableName, env);
  tried.push(`${ServerExecutableName} on PATH`);
  if (onPath !== undefined) {
    return { ok: true, launch: launchFor(onPath, 'PATH', dotnet) };
  }
  return {
    ok: false,
    message:
      'Cannot find the PaperLsp server. Install the platform-specific PaperLsp .vsix (it bundles the server), put `paperlsp` on PATH ' +
      '(dotnet tool install --global PaperLsp.Cli), or set paperlsp.server.path.',
    tried,
  };
}

/** One line for the output channel: the command line with arguments quoted where needed. */
export function describeLaunch(launch: ServerLaunch): string {
  const quote = (part: string): string => (/[\s"']/.test(part) ? JSON.stringify(part) : part);
  return `${[launch.command, ...launch.args].map(quote).join(' ')} (from ${launch.origin})`;
}

/** Turns a failure to start the server process into a sentence that says what to do. */
export function explainStartFailure(error: unknown, launch: ServerLaunch): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  const usesDotnet = usesDotnetHost(launch);
  if (code === 'ENOENT' || /\bENOENT\b/.test(text)) {
    return usesDotnet
      ? missingRuntimeMessage(`"${launch.command}" was not found on PATH`)
      : `"${launch.command}" does not exist; check paperlsp.server.path.`;
  }
  if (code === 'EACCES' || /\bEACCES\b/.test(text)) {
    return `"${launch.command}" is not executable (permission denied); run chmod +x on it or point paperlsp.server.path elsewhere.`;
  }
  return `could not start the server (${describeLaunch(launch)}): ${text}`;
}

/** The one message for a missing .NET runtime: what is missing and what to install. */
export function missingRuntimeMessage(what: string): string {
  return (
    `this PaperLsp server needs the .NET ${RequiredDotnetMajor} runtime, but ${what}. ` +
    `Install the .NET ${RequiredDotnetMajor} runtime (${DotnetRuntimeDownload}), or install the platform-specific PaperLsp .vsix, whose server needs no .NET.`
  );
}

/** What `checkDotnetRuntime` looks at, passed in so it stays a pure function. */
export interface DotnetRuntimeProbe {
  /** The `dotnet` host found on PATH (or configured), undefined when there is none. */
  dotnetPath: string | undefined;
  platform: NodeJS.Platform;
  /** Resolves symbolic links (e.g. /usr/bin/dotnet -> /usr/lib/dotnet/dotnet). */
  realPath: (file: string) => string;
  /** Names in a folder; empty when it does not exist. */
  listDirectory: (folder: string) => string[];
}

/**
 * For a server started with `dotnet` (a .dll): undefined when a .NET 10 runtime is installed next to the host,
 * else the message saying what to install. Looks in the host's `shared/Microsoft.NETCore.App/` folder, where the
 * runtime installers put each version.
 */
export function checkDotnetRuntime(probe: DotnetRuntimeProbe): string | undefined {
  if (probe.dotnetPath === undefined) {
    return missingRuntimeMessage('no `dotnet` was found on PATH');
  }
  const api = pathApi(probe.platform);
  let host = probe.dotnetPath;
  try {
    host = probe.realPath(host);
  } catch {
    // keep the path as found
  }
  const runtimes = api.join(api.dirname(host), 'shared', 'Microsoft.NETCore.App');
  const versions = probe.listDirectory(runtimes);
  if (versions.some((version) => Number.parseInt(version.split('.')[0] ?? '', 10) === RequiredDotnetMajor)) {
    return undefined;
  }
  const found = versions.length > 0 ? `only ${versions.join(', ')} is installed` : 'none is installed';
  return missingRuntimeMessage(`${probe.dotnetPath} has no .NET ${RequiredDotnetMajor} runtime (${found})`);
}

/** True when the launch runs a .dll through the `dotnet` host. */
export function usesDotnetHost(launch: ServerLaunch): boolean {
  return launch.args[0]?.toLowerCase().endsWith('.dll') === true;
}

/**
 * The model folder bundled with the server of a platform .vsix (`server/models/<name>/model.json`), or undefined.
 * The client hands it to the server as `PAPERLSP_MODEL`, so the bundled model is used whatever its name.
 */
export function findBundledModel(
  extensionPath: string,
  platform: NodeJS.Platform,
  listDirectory: (folder: string) => string[],
  isFile: (candidate: string) => boolean,
): string | undefined {
  const api = pathApi(platform);
  const models = api.join(extensionPath, BundledServerFolder, BundledModelsFolder);
  for (const name of [...listDirectory(models)].sort()) {
    const folder = api.join(models, name);
    if (isFile(api.join(folder, 'model.json'))) {
      return folder;
    }
  }
  return undefined;
}
