import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCitation, MaxRelatedTextLength, paragraphAround } from '../../src/core/citationText';

describe('formatCitation', () => {
  const cases: [string, Parameters<typeof formatCitation>[1], string, string][] = [
    ['smith2020', 'cite', 'latex', '\\cite{smith2020}'],
    ['smith2020', 'citep', 'latex', '\\citep{smith2020}'],
    ['smith2020', 'parencite', 'tex', '\\parencite{smith2020}'],
    ['smith2020', 'citet', 'markdown', '[@smith2020]'],
    ['smith2020', 'cite', 'typst', '@smith2020'],
    ['odd key/1', 'cite', 'typst', '#cite(label("odd key/1"))'],
    ['smith2020', 'textcite', 'plaintext', '\\textcite{smith2020}'],
  ];
  for (const [key, style, language, expected] of cases) {
    it(`${language} ${style}`, () => assert.equal(formatCitation(key, style, language), expected));
  }
});

describe('paragraphAround', () => {
  const lines = [
    '\\section{Intro}',
    'Large language models reason',
    '  step by step when prompted',
    'with chain of thought.',
    '',
    'Second paragraph here.',
    '## Heading',
    'After heading.',
  ];
  const cases: [number, string][] = [
    [1, 'Large language models reason step by step when prompted with chain of thought.'],
    [2, 'Large language models reason step by step when prompted with chain of thought.'],
    [3, 'Large language models reason step by step when prompted with chain of thought.'],
    [4, ''],
    [5, 'Second paragraph here.'],
    [7, 'After heading.'],
    [99, 'After heading.'],
    [-3, '\\section{Intro}'],
  ];
  for (const [line, expected] of cases) {
    it(`line ${line}`, () => assert.equal(paragraphAround(lines, line), expected));
  }
  it('handles an empty document', () => assert.equal(paragraphAround([], 0), ''));
  it('cuts a huge paragraph to the limit around the cursor', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `line${i} text`);
    const text = paragraphAround(many, 1000);
    assert.ok(text.length <= MaxRelatedTextLength);
    assert.ok(text.includes('line1000 '));
  });
});
