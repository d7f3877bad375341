import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseAddPaperResult,
  parseInsertCitationResult,
  parsePaperHit,
  parsePaperHits,
  parseReindexResult,
  parseServerStatus,
  splitPaperReferences,
} from '../../src/core/protocol';

describe('parsePaperHits', () => {
  it('reads a full hit', () => {
    assert.deepEqual(
      parsePaperHits([{ key: 'k', title: 'T', authors: ['A', 'B'], year: 2024, arxivId: '2401.00001', venue: 'ACL', score: 0.5 }]),
      [{ key: 'k', title: 'T', authors: ['A', 'B'], year: 2024, arxivId: '2401.00001', venue: 'ACL', score: 0.5 }],
    );
  });

  it('drops rows without key or title and keeps the rest', () => {
    const hits = parsePaperHits([{ title: 'no key' }, { key: '', title: 'empty key' }, { key: 'k' }, null, 5, 'x', { key: 'ok', title: 'Fine' }]);
    assert.deepEqual(
      hits.map((h) => h.key),
      ['ok'],
    );
  });

  it('tolerates wrongly typed optional fields', () => {
    assert.deepEqual(parsePaperHit({ key: 'k', title: 'T', authors: ['A', 3, null], year: 'soon', arxivId: 7, venue: '', score: 'high' }), {
      key: 'k',
      title: 'T',
      authors: ['A'],
      score: 0,
    });
  });

  it('accepts a four-digit year given as text', () => {
    assert.equal(parsePaperHit({ key: 'k', title: 'T', year: '2019' })?.year, 2019);
  });

  it('gives an empty list for anything but an array', () => {
    for (const value of [null, undefined, {}, 'x', 1, { results: [] }]) {
      assert.deepEqual(parsePaperHits(value), []);
    }
  });
});

describe('parseServerStatus', () => {
  it('reads status with indexing progress', () => {
    assert.deepEqual(parseServerStatus({ papers: 12, executionProvider: 'cuda', indexing: { done: 3, total: 9, message: 'm' } }), {
      papers: 12,
      executionProvider: 'cuda',
      indexing: { done: 3, total: 9, message: 'm' },
    });
  });
  it('maps an unknown provider to none and ignores malformed indexing', () => {
    assert.deepEqual(parseServerStatus({ papers: 2.9, executionProvider: 'rocm', indexing: { done: 'x' } }), { papers: 2, executionProvider: 'none' });
  });
  it('rejects payloads without a paper count', () => {
    assert.equal(parseServerStatus({ executionProvider: 'cpu' }), undefined);
    assert.equal(parseServerStatus(null), undefined);
    assert.equal(parseServerStatus({ papers: Number.NaN }), undefined);
  });
});

describe('command results', () => {
  it('reads insertCitation results strictly', () => {
    assert.deepEqual(parseInsertCitationResult({ applied: true }), { applied: true });
    assert.deepEqual(parseInsertCitationResult({ applied: 'yes' }), { applied: false });
    assert.deepEqual(parseInsertCitationResult(null), { applied: false });
  });
  it('reads reindex results', () => {
    assert.deepEqual(parseReindexResult({ papers: 218 }), { papers: 218 });
    assert.equal(parseReindexResult({}), undefined);
  });
});

/** Small deterministic generator of arbitrary JSON-like values for fuzzing the parsers. */
function randomValue(seed: { state: number }, depth: number): unknown {
  seed.state = (seed.state * 1103515245 + 12345) % 2147483648;
  const pick = seed.state % (depth > 3 ? 6 : 9);
  const text = ['', 'key', 'title', 'cpu', 'cuda', '2020', '\u0000', 'ü\ud800'][seed.state % 8] ?? '';
  switch (pick) {
    case 0:
      return null;
    case 1:
      return seed.state % 2 === 0;
    case 2:
      return (seed.state % 5000) - 2500;
    case 3:
      return [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308][seed.state % 4];
    case 4:
      return text;
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: seed.state % 4 }, () => randomValue(seed, depth + 1));
    default: {
      const keys = ['key', 'title', 'authors', 'year', 'arxivId', 'venue', 'score', 'papers', 'executionProvider', 'indexing', 'done', 'total', 'message', 'applied'];
      const record: Record<string, unknown> = {};
      for (let i = 0; i < seed.state % 6; i++) {
        record[keys[(seed.state + i * 7) % keys.length] ?? 'key'] = randomValue(seed, depth + 1);
      }
      return record;
    }
  }
}

describe('parsers on arbitrary input', () => {
  it('never throw and always return well-typed values', () => {
    const seed = { state: 42 };
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(seed, 0);
      for (const hit of parsePaperHits(Array.isArray(value) ? value : [value])) {
        assert.equal(typeof hit.key, 'string');
        assert.ok(hit.key.length > 0);
        assert.equal(typeof hit.title, 'string');
        assert.ok(hit.authors.every((a) => typeof a === 'string'));
        assert.ok(Number.isFinite(hit.score));
      }
      const status = parseServerStatus(value);
      if (status !== undefined) {
        assert.ok(Number.isInteger(status.papers) && status.papers >= 0);
        assert.ok(['cpu', 'cuda', 'none'].includes(status.executionProvider));
      }
      assert.equal(typeof parseInsertCitationResult(value).applied, 'boolean');
      parseReindexResult(value);
    }
  });
});

describe('add paper', () => {
  it('reads keys, titles and errors and drops malformed entries', () => {
    const result = parseAddPaperResult({
      papers: [
        { requested: 'arXiv:1706.03762', key: 'vaswani2017attention', title: 'Attention Is All You Need', error: null },
        { requested: 'arXiv:2401.00001', key: null, error: '127.0.0.1: HTTP 404 Not Found' },
        { key: 'orphan' },
        'junk',
      ],
      cited: null,
    });
    assert.deepEqual(result.papers, [
      { requested: 'arXiv:1706.03762', key: 'vaswani2017attention', title: 'Attention Is All You Need' },
      { requested: 'arXiv:2401.00001', error: '127.0.0.1: HTTP 404 Not Found' },
    ]);
    assert.deepEqual(parseAddPaperResult(null).papers, []);
    assert.deepEqual(parseAddPaperResult({ papers: 'x' }).papers, []);
  });

  it('splits typed references on spaces, commas and semicolons', () => {
    assert.deepEqual(splitPaperReferences(' 2401.12345, https://huggingface.co/papers/2305.18290;10.1000/x\n'), [
      '2401.12345',
      'https://huggingface.co/papers/2305.18290',
      '10.1000/x',
    ]);
    assert.deepEqual(splitPaperReferences('   '), []);
  });
});
