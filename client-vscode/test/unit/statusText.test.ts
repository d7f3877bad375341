import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPaperCount, indexingPercent, presentStatus, type ClientState } from '../../src/core/statusText';

describe('presentStatus', () => {
  const cases: { name: string; state: ClientState; text: string; tooltip: RegExp; isProblem: boolean }[] = [
    { name: 'starting', state: { kind: 'starting' }, text: '$(loading~spin) PaperLsp', tooltip: /starting/, isProblem: false },
    { name: 'stopped', state: { kind: 'stopped' }, text: '$(circle-slash) PaperLsp', tooltip: /stopped/, isProblem: true },
    { name: 'failed', state: { kind: 'failed', message: 'dotnet not found' }, text: '$(error) PaperLsp', tooltip: /dotnet not found/, isProblem: true },
    { name: 'running without status', state: { kind: 'running' }, text: '$(book) PaperLsp', tooltip: /waiting/, isProblem: false },
    {
      name: 'idle on CPU',
      state: { kind: 'running', status: { papers: 1234, executionProvider: 'cpu' } },
      text: '$(book) 1,234 papers · CPU',
      tooltip: /1,234 papers indexed · embeddings on CPU/,
      isProblem: false,
    },
    {
      name: 'one paper on CUDA',
      state: { kind: 'running', status: { papers: 1, executionProvider: 'cuda' } },
      text: '$(book) 1 paper · CUDA',
      tooltip: /CUDA/,
      isProblem: false,
    },
    {
      name: 'no model',
      state: { kind: 'running', status: { papers: 0, executionProvider: 'none' } },
      text: '$(book) 0 papers · no model',
      tooltip: /no model/,
      isProblem: false,
    },
    {
      name: 'indexing with spinner and message',
      state: { kind: 'running', status: { papers: 40, executionProvider: 'cpu', indexing: { done: 40, total: 218, message: 'Embedding abstracts' } } },
      text: '$(sync~spin) Indexing 40/218',
      tooltip: /indexing 40\/218 \(18%\)\nEmbedding abstracts\n40 papers indexed so far/,
      isProblem: false,
    },
    {
      name: 'indexing with unknown total',
      state: { kind: 'running', status: { papers: 0, executionProvider: 'cpu', indexing: { done: 5, total: 0 } } },
      text: '$(sync~spin) Indexing 5',
      tooltip: /indexing 5\n/,
      isProblem: false,
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const presentation = presentStatus(testCase.state);
      assert.equal(presentation.text, testCase.text);
      assert.match(presentation.tooltip, testCase.tooltip);
      assert.equal(presentation.isProblem, testCase.isProblem);
    });
  }
});

describe('indexingPercent', () => {
  const cases: [number, number, number | undefined][] = [
    [0, 0, undefined],
    [0, 10, 0],
    [5, 10, 50],
    [10, 10, 100],
    [15, 10, 100],
    [1, 3, 33],
  ];
  for (const [done, total, expected] of cases) {
    it(`${done}/${total}`, () => assert.equal(indexingPercent(done, total), expected));
  }
});

describe('formatPaperCount', () => {
  it('uses singular and thousands separators', () => {
    assert.equal(formatPaperCount(1), '1 paper');
    assert.equal(formatPaperCount(237216), '237,216 papers');
  });
});
