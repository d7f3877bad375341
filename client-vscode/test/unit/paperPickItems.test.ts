import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arxivAbsUrl, formatAuthors, formatByline, toPaperPickItem, toPaperPickItems, truncate, MaxTitleLength } from '../../src/core/paperPickItems';
import type { PaperHit } from '../../src/core/protocol';

const attention: PaperHit = {
  key: 'vaswani2017attention',
  title: 'Attention Is All\n  You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit'],
  year: 2017,
  arxivId: '1706.03762',
  venue: 'NeurIPS',
  score: 0.91,
};

describe('toPaperPickItem', () => {
  it('shows title, authors · year · venue, and the arXiv id', () => {
    const item = toPaperPickItem(attention);
    assert.equal(item.label, 'Attention Is All You Need');
    assert.equal(item.detail, 'Ashish Vaswani, Noam Shazeer, Niki Parmar et al. · 2017 · NeurIPS');
    assert.equal(item.description, 'arXiv:1706.03762');
    assert.equal(item.hit, attention);
  });

  it('falls back to the key when there is no arXiv id and to "Unknown authors"', () => {
    const item = toPaperPickItem({ key: 'anon2020', title: 'Untitled work', authors: [], score: 0 });
    assert.equal(item.description, 'anon2020');
    assert.equal(item.detail, 'Unknown authors');
  });

  it('uses the key as label for an empty title', () => {
    assert.equal(toPaperPickItem({ key: 'k1', title: '  \n ', authors: [], score: 0 }).label, 'k1');
  });

  it('cuts very long titles with an ellipsis', () => {
    const longTitle = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const label = toPaperPickItem({ key: 'k', title: longTitle, authors: [], score: 0 }).label;
    assert.ok(label.length <= MaxTitleLength, `${label.length}`);
    assert.ok(label.endsWith('…'));
    assert.ok(longTitle.startsWith(label.slice(0, -1)));
  });
});

describe('formatAuthors', () => {
  const cases: [string[], string][] = [
    [[], ''],
    [['Ada Lovelace'], 'Ada Lovelace'],
    [['A', 'B'], 'A and B'],
    [['A', 'B', 'C'], 'A, B, C'],
    [['A', 'B', 'C', 'D'], 'A, B, C et al.'],
    [['  ', 'B\n C'], 'B C'],
  ];
  for (const [authors, expected] of cases) {
    it(`formats ${JSON.stringify(authors)}`, () => assert.equal(formatAuthors(authors), expected));
  }
});

describe('formatByline', () => {
  it('omits missing year and venue', () => {
    assert.equal(formatByline({ key: 'k', title: 't', authors: ['A'], score: 0 }), 'A');
    assert.equal(formatByline({ key: 'k', title: 't', authors: ['A'], year: 2024, score: 0 }), 'A · 2024');
  });
});

describe('toPaperPickItems', () => {
  it('keeps the first of repeated keys and the server order', () => {
    const items = toPaperPickItems([
      { ...attention, score: 0.9 },
      { key: 'other', title: 'Other', authors: [], score: 0.8 },
      { ...attention, score: 0.1, title: 'Duplicate' },
    ]);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Attention Is All You Need', 'Other'],
    );
  });
});

describe('truncate', () => {
  it('leaves short text alone', () => assert.equal(truncate('short', 10), 'short'));
  it('cuts at a word boundary when possible', () => assert.equal(truncate('alpha beta gamma delta', 14), 'alpha beta…'));
  it('cuts inside a long word otherwise', () => assert.equal(truncate('abcdefghijklmnop', 6), 'abcde…'));
});

describe('arxivAbsUrl', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['2401.01234', 'https://arxiv.org/abs/2401.01234'],
    ['arXiv:2401.01234v2', 'https://arxiv.org/abs/2401.01234v2'],
    ['hep-th/9901001', 'https://arxiv.org/abs/hep-th/9901001'],
    ['bad id <script>', undefined],
    [undefined, undefined],
  ];
  for (const [arxivId, expected] of cases) {
    it(`links ${String(arxivId)}`, () => {
      const hit: PaperHit = arxivId === undefined ? { key: 'k', title: 't', authors: [], score: 0 } : { key: 'k', title: 't', authors: [], score: 0, arxivId };
      assert.equal(arxivAbsUrl(hit), expected);
    });
  }
});
