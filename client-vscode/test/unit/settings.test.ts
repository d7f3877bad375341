import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { answerConfigurationItem, normaliseCiteMacro, readerFromObject, resolveSettingPath, toServerSettings } from '../../src/core/settings';

const workspace = path.resolve('/ws/thesis');
const home = path.resolve('/home/ada');
const context = { workspaceFolder: workspace, homeDirectory: home };

describe('toServerSettings', () => {
  it('gives the documented defaults for empty settings', () => {
    const { settings, problems } = toServerSettings(readerFromObject({}), context);
    assert.deepEqual(settings, {
      corpusPaths: [],
      indexPath: '',
      modelPath: '',
      device: 'auto',
      citationStyle: 'auto',
      customCiteMacros: [],
      citationKeyPattern: '',
      bibFile: '',
      completionLimit: 50,
      completionAddsBibEntry: true,
      syncHuggingFaceDaily: false,
    });
    assert.deepEqual(problems, []);
  });

  it('maps every dotted key to its camelCase server key', () => {
    const { settings, problems } = toServerSettings(
      readerFromObject({
        'server.path': '/opt/paperlsp/paperlsp',
        'corpus.paths': ['papers', '/abs/bib', '~/zotero/export.bib', '${workspaceFolder}/refs'],
        'index.path': '.paperlsp/index.db',
        'model.path': '${userHome}/models/minilm',
        device: 'cuda',
        'citation.style': 'citep',
        'citation.customMacros': ['\\citealp', 'footcite', 'nocite*'],
        'citationKey.pattern': ' [shorttitle:2][year?] ',
        bibFile: 'refs/main.bib',
        'completion.limit': 50,
        'completion.addBibEntry': false,
        'sync.huggingFaceDaily': true,
      }),
      context,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      corpusPaths: [
        path.join(workspace, 'papers'),
        path.resolve('/abs/bib'),
        path.join(home, 'zotero/export.bib'),
        path.join(workspace, 'refs'),
      ],
      indexPath: path.join(workspace, '.paperlsp/index.db'),
      modelPath: path.join(home, 'models/minilm'),
      device: 'cuda',
      citationStyle: 'citep',
      customCiteMacros: ['citealp', 'footcite', 'nocite*'],
      citationKeyPattern: '[shorttitle:2][year?]',
      bibFile: 'refs/main.bib',
      completionLimit: 50,
      completionAddsBibEntry: false,
      syncHuggingFaceDaily: true,
    });
    assert.equal(Object.hasOwn(settings, 'serverPath'), false, 'server.path is for the client only');
  });

  const badValues: { name: string; values: Record<string, unknown>; expect: Partial<Record<string, unknown>>; problemKeys: string[] }[] = [
    { name: 'unknown device', values: { device: 'tpu' }, expect: { device: 'auto' }, problemKeys: ['device'] },
    { name: 'device in other case', values: { device: 'CPU' }, expect: { device: 'cpu' }, problemKeys: [] },
    { name: 'unknown style', values: { 'citation.style': 'footcite' }, expect: { citationStyle: 'auto' }, problemKeys: ['citation.style'] },
    { name: 'limit as string', values: { 'completion.limit': '35' }, expect: { completionLimit: 35 }, problemKeys: [] },
    { name: 'limit too large', values: { 'completion.limit': 5000 }, expect: { completionLimit: 1000 }, problemKeys: ['completion.limit'] },
    { name: 'limit zero', values: { 'completion.limit': 0 }, expect: { completionLimit: 1 }, problemKeys: ['completion.limit'] },
    { name: 'limit fraction', values: { 'completion.limit': 12.7 }, expect: { completionLimit: 12 }, problemKeys: ['completion.limit'] },
    { name: 'bib entry flag as text', values: { 'completion.addBibEntry': 'no' }, expect: { completionAddsBibEntry: true }, problemKeys: ['completion.addBibEntry'] },
    { name: 'limit NaN text', values: { 'completion.limit': 'lots' }, expect: { completionLimit: 50 }, problemKeys: ['completion.limit'] },
    { name: 'corpus as one string', values: { 'corpus.paths': '/data/papers' }, expect: { corpusPaths: [path.resolve('/data/papers')] }, problemKeys: [] },
    { name: 'corpus with non-strings', values: { 'corpus.paths': ['/a', 3, null, ' '] }, expect: { corpusPaths: [path.resolve('/a')] }, problemKeys: ['corpus.paths', 'corpus.paths'] },
    { name: 'corpus duplicates', values: { 'corpus.paths': ['refs', './refs', `${workspace}/refs`] }, expect: { corpusPaths: [path.join(workspace, 'refs')] }, problemKeys: [] },
    { name: 'corpus as object', values: { 'corpus.paths': { a: 1 } }, expect: { corpusPaths: [] }, problemKeys: ['corpus.paths'] },
    { name: 'bib file as list', values: { bibFile: ['a.bib'] }, expect: { bibFile: '' }, problemKeys: ['bibFile'] },
    { name: 'key pattern number', values: { 'citationKey.pattern': 3 }, expect: { citationKeyPattern: '' }, problemKeys: ['citationKey.pattern'] },
    { name: 'index path number', values: { 'index.path': 7 }, expect: { indexPath: '' }, problemKeys: ['index.path'] },
    { name: 'macro with braces', values: { 'citation.customMacros': ['cite{x}', 'citet', '\\citet'] }, expect: { customCiteMacros: ['citet'] }, problemKeys: ['citation.customMacros'] },
  ];
  for (const testCase of badValues) {
    it(`never throws and reports: ${testCase.name}`, () => {
      const { settings, problems } = toServerSettings(readerFromObject(testCase.values), context);
      for (const [key, value] of Object.entries(testCase.expect)) {
        assert.deepEqual((settings as unknown as Record<string, unknown>)[key], value, key);
      }
      assert.deepEqual(
        problems.map((p) => p.key),
        testCase.problemKeys,
      );
      for (const problem of problems) {
        assert.match(problem.message, /paperlsp\.|not a macro/);
      }
    });
  }

  it('keeps relative paths relative when there is no workspace folder', () => {
    const { settings } = toServerSettings(readerFromObject({ 'corpus.paths': ['papers'] }), {});
    assert.deepEqual(settings.corpusPaths, ['papers']);
  });
});

describe('resolveSettingPath', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['   ', ''],
    ['~', home],
    ['~/a/b', path.join(home, 'a/b')],
    ['${workspaceFolder}', workspace],
    ['sub/dir', path.join(workspace, 'sub/dir')],
    ['../sibling', path.resolve(workspace, '../sibling')],
    [' /trimmed ', path.resolve('/trimmed')],
  ];
  for (const [input, expected] of cases) {
    it(`resolves ${JSON.stringify(input)}`, () => assert.equal(resolveSettingPath(input, context), expected));
  }
});

describe('normaliseCiteMacro', () => {
  const cases: [string, string | undefined][] = [
    ['citep', 'citep'],
    ['\\citep', 'citep'],
    [' parencite* ', 'parencite*'],
    ['', undefined],
    ['cite{', undefined],
    ['ci te', undefined],
    ['\\\\cite', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${JSON.stringify(input)}`, () => assert.equal(normaliseCiteMacro(input), expected));
  }
});

describe('answerConfigurationItem', () => {
  const { settings } = toServerSettings(readerFromObject({ 'citation.style': 'textcite' }), context);
  it('answers the whole section', () => assert.deepEqual(answerConfigurationItem('paperlsp', settings), settings));
  it('answers one camelCase key', () => assert.equal(answerConfigurationItem('paperlsp.citationStyle', settings), 'textcite'));
  it('answers null for unknown PaperLsp keys', () => assert.equal(answerConfigurationItem('paperlsp.nope', settings), null));
  it('does not answer for prototype keys', () => assert.equal(answerConfigurationItem('paperlsp.toString', settings), null));
  it('leaves other sections to the caller', () => {
    assert.equal(answerConfigurationItem('editor', settings), undefined);
    assert.equal(answerConfigurationItem(undefined, settings), undefined);
    assert.equal(answerConfigurationItem('paperlspx', settings), undefined);
  });
});
