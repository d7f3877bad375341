/**
 * Every command id and setting key the extension code uses. The manifest test checks these against
 * package.json's `contributes`, in both directions, so the two cannot drift apart.
 */

/** Configuration section holding all PaperLsp settings. */
export const ConfigurationSection = 'paperlsp';

/** Palette commands the client registers (distinct from the server's executeCommand ids). */
export const ClientCommands = {
  searchPapers: 'paperlsp.searchPapers',
  showRelatedPapers: 'paperlsp.showRelatedPapers',
  insertCitation: 'paperlsp.insertCitationAtCursor',
  reindex: 'paperlsp.reindexCorpus',
  showOutput: 'paperlsp.showOutput',
  restartServer: 'paperlsp.restartServer',
  addPaper: 'paperlsp.addPaperByReference',
} as const;

/** Setting keys, relative to the `paperlsp` section. */
export const SettingKeys = {
  serverPath: 'server.path',
  corpusPaths: 'corpus.paths',
  indexPath: 'index.path',
  modelPath: 'model.path',
  device: 'device',
  citationStyle: 'citation.style',
  customCiteMacros: 'citation.customMacros',
  citationKeyPattern: 'citationKey.pattern',
  bibFile: 'bibFile',
  completionLimit: 'completion.limit',
  completionAddsBibEntry: 'completion.addBibEntry',
  syncHuggingFaceDaily: 'sync.huggingFaceDaily',
} as const;

export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

/** Languages the client attaches the server to (and the only ones that activate the extension, besides its commands). */
export const DocumentLanguages = ['latex', 'bibtex', 'markdown', 'typst'] as const;
