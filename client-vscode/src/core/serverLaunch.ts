import * as path from 'node:path';

/** Relative location of the server's Release build inside the repository. */
export const RepoServerDll = ['server', 'PaperLsp.Cli', 'bin', 'Release', 'net10.0', 'paperlsp.dll'] as const;
export const ServerExecutableName = 'paperlsp';
export const ServeArguments = ['serve', '--stdio'] as const;

/** How to start the server process. */
export interface ServerLaunch {
  command: string;
  args: string[];
  /** Where it came from, for the output channel and error messages. */
  origin: 'setting' | 'repository build' | 'PATH';
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
 * Decides how to start the server: the configured path when set (a .dll runs under `dotnet`), else the
 * repository's Release build next to the extension folder, else `paperlsp` on PATH. Never throws; when nothing
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
      'Cannot find the PaperLsp server. Build it (dotnet build -c Release in the repository), put `paperlsp` on PATH, ' +
      'or set paperlsp.server.path.',
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
  const usesDotnet = launch.args[0]?.toLowerCase().endsWith('.dll') === true;
  if (code === 'ENOENT' || /\bENOENT\b/.test(text)) {
    return usesDotnet
      ? `the .NET runtime ("${launch.command}") was not found on PATH; install the .NET 10 runtime or set paperlsp.server.path to a self-contained paperlsp executable.`
      : `"${launch.command}" does not exist; check paperlsp.server.path.`;
  }
  if (code === 'EACCES' || /\bEACCES\b/.test(text)) {
    return `"${launch.command}" is not executable (permission denied); run chmod +x on it or point paperlsp.server.path elsewhere.`;
  }
  return `could not start the server (${describeLaunch(launch)}): ${text}`;
}
