import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaperPickerModel, type PickerRow } from '../../src/core/paperPickerModel';
import type { PaperHit } from '../../src/core/protocol';

const hit = (key: string, title = key): PaperHit => ({ key, title, authors: [], score: 0 });

function labels(rows: readonly PickerRow[]): string[] {
  return rows.map((row) => (row.kind === 'paper' ? `paper:${row.item.hit.key}` : `message:${row.label}`));
}

describe('PaperPickerModel (live search with a related opening list)', () => {
  const create = (): PaperPickerModel => new PaperPickerModel({ liveSearch: true, loadsInitialList: true, emptyHint: 'Type to search.' });

  it('is busy with the hint until the opening list arrives, then shows it', () => {
    const model = create();
    assert.deepEqual(labels(model.rows), ['message:Type to search.']);
    assert.equal(model.busy, true);
    model.initialListLoaded([hit('a'), hit('b'), hit('a')]);
    assert.deepEqual(labels(model.rows), ['paper:a', 'paper:b']);
    assert.equal(model.busy, false);
  });

  it('searches on typing, shows answers for the current query only, and returns to the opening list when cleared', () => {
    const model = create();
    model.initialListLoaded([hit('related')]);
    assert.deepEqual(model.queryChanged('  attention '), { kind: 'search', query: 'attention' });
    model.searchBusyChanged(true);
    assert.equal(model.busy, true);
    model.searchAnswered('attn', [hit('stale')]);
    assert.deepEqual(labels(model.rows), ['paper:related'], 'an answer for another query is ignored');
    model.searchAnswered('attention', [hit('vaswani2017')]);
    model.searchBusyChanged(false);
    assert.deepEqual(labels(model.rows), ['paper:vaswani2017']);
    assert.equal(model.busy, false);
    assert.deepEqual(model.queryChanged('   '), { kind: 'cancel' });
    assert.deepEqual(labels(model.rows), ['paper:related']);
  });

  it('says when a search finds nothing or fails', () => {
    const model = create();
    model.queryChanged('zzz');
    model.searchAnswered('zzz', []);
    assert.deepEqual(labels(model.rows), ['message:No papers found for "zzz"']);
    model.queryChanged('boom');
    model.searchFailed('boom', 'server not running');
    assert.deepEqual(model.rows, [{ kind: 'message', label: 'Search for "boom" failed', detail: 'server not running' }]);
  });

  it('keeps search results on screen when the opening list arrives late', () => {
    const model = create();
    model.queryChanged('q');
    model.searchAnswered('q', [hit('found')]);
    model.initialListLoaded([hit('related')]);
    assert.deepEqual(labels(model.rows), ['paper:found']);
    model.queryChanged('');
    assert.deepEqual(labels(model.rows), ['paper:related']);
  });

  it('reports an empty or failed opening list', () => {
    const empty = create();
    empty.initialListLoaded([]);
    assert.deepEqual(labels(empty.rows), ['message:No related papers found.']);
    const failed = create();
    failed.initialListFailed('timeout');
    assert.deepEqual(failed.rows, [{ kind: 'message', label: 'Could not load related papers', detail: 'timeout' }]);
    assert.equal(failed.busy, false);
  });
});

describe('PaperPickerModel (search only / related only)', () => {
  it('search-only picker starts idle with the hint', () => {
    const model = new PaperPickerModel({ liveSearch: true, loadsInitialList: false, emptyHint: 'Start typing.' });
    assert.equal(model.busy, false);
    assert.deepEqual(labels(model.rows), ['message:Start typing.']);
  });

  it('related-only picker never searches; typing filters locally', () => {
    const model = new PaperPickerModel({ liveSearch: false, loadsInitialList: true, emptyHint: 'Looking…' });
    assert.deepEqual(model.queryChanged('x'), { kind: 'none' });
    assert.equal(model.busy, true);
    model.initialListLoaded([hit('r1')]);
    assert.deepEqual(labels(model.rows), ['paper:r1']);
  });
});
