import * as path from 'node:path';
import { SettingKeys, type SettingKey } from './contributions';

export type Device = 'auto' | 'cpu' | 'cuda';
export type CitationStyle = 'auto' | 'cite' | 'citep' | 'citet' | 'autocite' | 'parencite' | 'textcite';

export const Devices: readonly Device[] = ['auto', 'cpu', 'cuda'];
export const CitationStyles: readonly CitationStyle[] = ['auto', 'cite', 'citep', 'citet', 'autocite', 'parencite', 'textcite'];

export const DefaultCompletionLimit = 50;
/** The server's range for `completion.limit` (PaperLspSettings.MinCompletionLimit/MaxCompletionLimit; package.json documents it, tests keep all three equal). */
export const MinCompletionLimit = 1;
export const MaxCompletionLimit = 1000;

/** The settings object the server reads (initializationOptions and workspace/configuration answers). */
export interface ServerSettings {
  corpusPaths: string[];
  indexPath: string;
  modelPath: string;
  device: Device;
  citationStyle: CitationStyle;
  customCiteMacros: string[];
  /** Citation key pattern for index papers (server: citationKeyPattern; the server validates it). Empty: the index's own pattern. */
  citationKeyPattern: string;
  /** The .bib that gets new entries when the document names none (server: bibFile), relative to the document's folder. */
  bibFile: string;
  completionLimit: number;
  completionAddsBibEntry: boolean;
  syncHuggingFaceDaily: boolean;
}

/** Where relative paths and `~` in settings are resolved. */
export interface PathContext {
  /** First workspace folder, if any. */
  workspaceFolder?: string | undefined;
  homeDirectory?: string | undefined;
}

/** A problem found while reading the user's settings: shown to the user, never fatal. */
export interface SettingProblem {
  key: SettingKey;
  message: string;
}

export interface SettingsMapping {
  settings: ServerSettings;
  problems: SettingProblem[];
}

/** Reads one dotted key (e.g. `corpus.paths`) of the `paperlsp` section. */
export type SettingReader = (key: SettingKey) => unknown;

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~`, then resolves relative paths against the workspace folder. */
export function resolveSettingPath(value: string, context: PathContext): string {
  let expanded = value.trim();
  if (expanded.length === 0) {
    return '';
  }
  if (context.workspaceFolder !== undefined) {
    expanded = expanded.split('${workspaceFolder}').join(context.workspaceFolder);
  }
  if (context.homeDirectory !== undefined) {
    expanded = expanded.split('${userHome}').join(context.homeDirectory);
    if (expanded === '~') {
      expanded = context.homeDirectory;
    } else if (expanded.startsWith('~/') || expanded.startsWith('~\\')) {
      expanded = path.join(context.homeDirectory, expanded.slice(2));
    }
  }
  if (!path.isAbsolute(expanded) && context.workspaceFolder !== undefined) {
    expanded = path.resolve(context.workspaceFolder, expanded);
  }
  return expanded;
}

function readString(read: SettingReader, key: SettingKey, problems: SettingProblem[]): string {
  const value = read(key);
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    problems.push({ key, message: `paperlsp.${key} must be a string; ignoring ${JSON.stringify(value)}.` });
    return '';
  }
  return value;
}

function readStringList(read: SettingReader, key: SettingKey, problems: SettingProblem[]): string[] {
  const value = read(key);
  if (value === undefined || value === null) {
    return [];
  }
  if (typeof value === 'string') {
    return value.trim().length > 0 ? [value] : [];
  }
  if (!Array.isArray(value)) {
    problems.push({ key, message: `paperlsp.${key} must be a list of strings; ignoring it.` });
    return [];
  }
  const items: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      if (item.trim().length > 0) {
        items.push(item);
      }
    } else {
      problems.push({ key, message: `paperlsp.${key} contains a non-string entry ${JSON.stringify(item)}; skipping it.` });
    }
  }
  return items;
}

function readChoice<T extends string>(
  read: SettingReader,
  key: SettingKey,
  choices: readonly T[],
  fallback: T,
  problems: SettingProblem[],
): T {
  const value = read(key);
  if (value === undefined || value === null || value === '') {
    return fallback;
  }
  const match = typeof value === 'string' ? choices.find((c) => c === value.trim().toLowerCase()) : undefined;
  if (match === undefined) {
    problems.push({
      key,
      message: `paperlsp.${key} must be one of ${choices.join(', ')}; using ${fallback} instead of ${JSON.stringify(value)}.`,
    });
    return fallback;
  }
  return match;
}

function readLimit(read: SettingReader, problems: SettingProblem[]): number {
  const key = SettingKeys.completionLimit;
  const value = read(key);
  if (value === undefined || value === null) {
    return DefaultCompletionLimit;
  }
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    problems.push({ key, message: `paperlsp.${key} must be a number; using ${DefaultCompletionLimit}.` });
    return DefaultCompletionLimit;
  }
  const clamped = Math.min(MaxCompletionLimit, Math.max(MinCompletionLimit, Math.trunc(number)));
  if (clamped !== number) {
    problems.push({ key, message: `paperlsp.${key} must be a whole number from ${MinCompletionLimit} to ${MaxCompletionLimit}; using ${clamped}.` });
  }
  return clamped;
}

function readBoolean(read: SettingReader, key: SettingKey, fallback: boolean, problems: SettingProblem[]): boolean {
  const value = read(key);
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    problems.push({ key, message: `paperlsp.${key} must be true or false; using ${String(fallback)}.` });
    return fallback;
  }
  return value;
}

/** Normalises a citation macro name: drops a leading backslash and surrounding space; rejects non-letters. */
export function normaliseCiteMacro(name: string): string | undefined {
  const trimmed = name.trim().replace(/^\\/, '');
  return /^[A-Za-z]+\*?$/.test(trimmed) ? trimmed : undefined;
}

/**
 * Maps the client's dotted `paperlsp.*` settings to the camelCase object the server reads.
 * Never throws: wrong types fall back to defaults and are reported in `problems`.
 */
export function toServerSettings(read: SettingReader, context: PathContext = {}): SettingsMapping {
  const problems: SettingProblem[] = [];
  const corpusPaths = readStringList(read, SettingKeys.corpusPaths, problems).map((p) => resolveSettingPath(p, context));
  const macros: string[] = [];
  for (const raw of readStringList(read, SettingKeys.customCiteMacros, problems)) {
    const macro = normaliseCiteMacro(raw);
    if (macro === undefined) {
      problems.push({ key: SettingKeys.customCiteMacros, message: `"${raw}" is not a macro name (letters only); skipping it.` });
    } else if (!macros.includes(macro)) {
      macros.push(macro);
    }
  }
  const settings: ServerSettings = {
    corpusPaths: [...new Set(corpusPaths)],
    indexPath: resolveSettingPath(readString(read, SettingKeys.indexPath, problems), context),
    modelPath: resolveSettingPath(readString(read, SettingKeys.modelPath, problems), context),
    device: readChoice(read, SettingKeys.device, Devices, 'auto', problems),
    citationStyle: readChoice(read, SettingKeys.citationStyle, CitationStyles, 'auto', problems),
    customCiteMacros: macros,
    citationKeyPattern: readString(read, SettingKeys.citationKeyPattern, problems).trim(),
    bibFile: readString(read, SettingKeys.bibFile, problems).trim(),
    completionLimit: readLimit(read, problems),
    completionAddsBibEntry: readBoolean(read, SettingKeys.completionAddsBibEntry, true, problems),
    syncHuggingFaceDaily: readBoolean(read, SettingKeys.syncHuggingFaceDaily, false, problems),
  };
  return { settings, problems };
}

/** Builds a reader over a plain object keyed by dotted setting names (as in settings.json without the prefix). */
export function readerFromObject(values: Readonly<Record<string, unknown>>): SettingReader {
  return (key) => values[key];
}

/**
 * Answers one `workspace/configuration` item. The server asks for section `paperlsp` (the whole mapped object)
 * or for one camelCase key inside it (e.g. `paperlsp.citationStyle`; unknown keys answer null).
 * Returns undefined for sections that are not PaperLsp's, which the caller answers the usual way.
 */
export function answerConfigurationItem(section: string | undefined, settings: ServerSettings): unknown {
  if (section === 'paperlsp') {
    return settings;
  }
  const prefix = 'paperlsp.';
  if (!section?.startsWith(prefix)) {
    return undefined;
  }
  const key = section.slice(prefix.length);
  return Object.prototype.hasOwnProperty.call(settings, key) ? settings[key as keyof ServerSettings] : null;
}
