import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ClientCommands, ConfigurationSection, DocumentLanguages, SettingKeys } from '../../src/core/contributions';
import { ServerCommands } from '../../src/core/protocol';
import { CitationStyles, DefaultCompletionLimit, Devices, MaxCompletionLimit, MinCompletionLimit } from '../../src/core/settings';

/** The extension folder (tests run from out/test/unit). */
const extensionRoot = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  name: string;
  publisher?: string;
  main: string;
  repository?: unknown;
  icon?: string;
  license?: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { type: string; default?: unknown; enum?: string[]; maximum?: number; minimum?: number }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('package.json contributions', () => {
  it('contributes exactly the commands the code registers, each in the PaperLsp category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(ClientCommands).sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'PaperLsp', command.command);
      assert.ok(command.title.length > 0);
    }
  });

  it('never contributes a palette command with a server command id (the language client registers those itself)', () => {
    const serverIds = new Set<string>(Object.values(ServerCommands));
    for (const command of manifest.contributes.commands) {
      assert.equal(serverIds.has(command.command), false, command.command);
    }
  });

  it('contributes exactly the settings the code reads', () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(contributed, Object.values(SettingKeys).map((key) => `${ConfigurationSection}.${key}`).sort());
  });

  it('offers the same choices and limits as the settings mapping', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(properties[`paperlsp.${SettingKeys.device}`]?.enum, [...Devices]);
    assert.deepEqual(properties[`paperlsp.${SettingKeys.citationStyle}`]?.enum, [...CitationStyles]);
    const limit = properties[`paperlsp.${SettingKeys.completionLimit}`];
    assert.ok(limit);
    assert.equal(limit.default, DefaultCompletionLimit);
    assert.equal(limit.maximum, MaxCompletionLimit);
    assert.equal(limit.minimum, MinCompletionLimit);
  });

  it('documents in README.md the choices and the range the settings accept', () => {
    const readme = fs.readFileSync(path.join(extensionRoot, 'README.md'), 'utf8');
    const row = (key: string): string => readme.split('\n').find((line) => line.startsWith(`| \`paperlsp.${key}\``)) ?? '';
    assert.ok(row(SettingKeys.completionLimit).includes(`${MinCompletionLimit}–${MaxCompletionLimit}`), row(SettingKeys.completionLimit));
    assert.ok(row(SettingKeys.completionLimit).includes(`\`${DefaultCompletionLimit}\``));
    for (const choice of [...Devices]) {
      assert.ok(row(SettingKeys.device).includes(`\`${choice}\``), choice);
    }
    for (const style of [...CitationStyles]) {
      assert.ok(row(SettingKeys.citationStyle).includes(`\`${style}\``), style);
    }
    for (const key of Object.values(SettingKeys)) {
      assert.ok(row(key).length > 0, `README.md has no row for paperlsp.${key}`);
    }
  });

  it('puts only contributed commands in menus', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const menuCommands = Object.values(manifest.contributes.menus).flatMap((entries) => entries.map((e) => e.command));
    assert.ok(menuCommands.length > 0);
    for (const command of menuCommands) {
      assert.ok(contributed.has(command), command);
    }
  });

  it('activates on exactly the served languages (commands activate it implicitly)', () => {
    assert.deepEqual([...manifest.activationEvents].sort(), DocumentLanguages.map((language) => `onLanguage:${language}`).sort());
    assert.deepEqual([...DocumentLanguages].sort(), ['bibtex', 'latex', 'markdown', 'typst']);
  });

  it('shows editor menu entries only in the served languages', () => {
    for (const entry of manifest.contributes.menus['editor/context'] ?? []) {
      const languages = [...(entry.when ?? '').matchAll(/editorLangId == (\w+)/g)].map((m) => m[1] ?? '');
      assert.ok(languages.length > 0, entry.command);
      for (const language of languages) {
        assert.ok((DocumentLanguages as readonly string[]).includes(language), `${entry.command}: ${language}`);
      }
    }
  });

  it('has an icon that is a PNG of at least 128x128 pixels, and no placeholder URLs', () => {
    assert.ok(manifest.icon);
    const icon = fs.readFileSync(path.join(extensionRoot, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128);
    const text = JSON.stringify(manifest);
    assert.doesNotMatch(text, /example\.(invalid|com|org)|localhost/);
  });

  it('uses no paperlsp.* identifier in the sources that the manifest or protocol does not define', () => {
    const known = new Set<string>([
      ...Object.values(ClientCommands),
      ...Object.values(ServerCommands),
      ...Object.keys(manifest.contributes.configuration.properties),
      'paperlsp.status', // id of the status bar item
      'paperlsp.dll', // the server's file name
    ]);
    const unknown: string[] = [];
    for (const file of sourceFiles(path.join(extensionRoot, 'src'))) {
      const text = fs
        .readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const match of text.matchAll(/['"`](paperlsp\.[A-Za-z.]+)['"`]/g)) {
        const id = match[1] ?? '';
        if (!known.has(id)) {
          unknown.push(`${path.relative(extensionRoot, file)}: ${id}`);
        }
      }
    }
    assert.deepEqual(unknown, []);
  });

  it('has what vsce needs to package and a bundled entry point', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(manifest.publisher);
    assert.ok(fs.existsSync(path.join(extensionRoot, 'LICENSE')));
    assert.ok(fs.existsSync(path.join(extensionRoot, 'README.md')));
    const typesVersion = manifest.devDependencies['@types/vscode'] ?? '';
    assert.equal(manifest.engines.vscode, `^${typesVersion}`, 'engines.vscode must match @types/vscode');
  });
});
