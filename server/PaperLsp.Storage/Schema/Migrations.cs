namespace PaperLsp.Storage.Schema;

/// <summary>
/// The index schema as an ordered list of migrations. Migration N moves a database from
/// <c>PRAGMA user_version</c> N-1 to N; never edit a shipped migration, append a new one.
/// </summary>
internal static class Migrations
{
    public const string ApplicationId = "paperlsp";

    /// <summary>The FTS5 tokenizer of papers_fts (migration 1); query-side tokenisation must use the same.</summary>
    public const string FullTextTokenizer = "porter unicode61 remove_diacritics 2";

    public static IReadOnlyList<string> All { get; } =
    [
        // 1: papers, identities, sources, links, full-text index, models and vectors.
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE papers(
            id INTEGER PRIMARY KEY,
            citation_key TEXT NOT NULL COLLATE NOCASE UNIQUE,
            key_from_bib INTEGER NOT NULL DEFAULT 0,
            arxiv_id TEXT,
            doi TEXT,
            norm_title TEXT,
            year INTEGER,
            title TEXT NOT NULL,
            authors TEXT NOT NULL,
            abstract TEXT NOT NULL,
            keys_text TEXT NOT NULL,
            embed_hash TEXT NOT NULL,
            record_json TEXT NOT NULL);
        CREATE INDEX papers_arxiv_id ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL;
        CREATE INDEX papers_doi ON papers(doi) WHERE doi IS NOT NULL;
        CREATE TABLE paper_identities(
            identity TEXT PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE INDEX paper_identities_paper ON paper_identities(paper_id);
        CREATE TABLE sources(
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            indexed_at TEXT NOT NULL,
            paper_count INTEGER NOT NULL DEFAULT 0,
            problem_count INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE paper_sources(
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            line INTEGER NOT NULL,
            record_json TEXT,
            PRIMARY KEY(paper_id, source_id)) WITHOUT ROWID;
        CREATE INDEX paper_sources_source ON paper_sources(source_id);
        CREATE VIRTUAL TABLE papers_fts USING fts5(
            title, keys_text, abstract, authors,
            content='papers', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
            INSERT INTO papers_fts(rowid, title, keys_text, abstract, authors)
            VALUES (new.id, new.title, new.keys_text, new.abstract, new.authors);
        END;
        CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, keys_text, abstract, authors)
            VALUES ('delete', old.id, old.title, old.keys_text, old.abstract, old.authors);
        END;
        CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, keys_text, abstract, authors ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, keys_text, abstract, authors)
            VALUES ('delete', old.id, old.title, old.keys_text, old.abstract, old.authors);
            INSERT INTO papers_fts(rowid, title, keys_text, abstract, authors)
            VALUES (new.id, new.title, new.keys_text, new.abstract, new.authors);
        END;
        CREATE TABLE models(
            model_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            registered_at TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE vectors(
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            model_id TEXT NOT NULL REFERENCES models(model_id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY(paper_id, model_id));
        CREATE INDEX vectors_model ON vectors(model_id);
        """,

        // 2: let FTS5 buffer up to 32 MiB of pending terms per transaction (fewer, larger segments when bulk indexing).
        """
        INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 33554432);
        """,

        // 3: sources are written in committed chunks. A source whose run was interrupted has complete = 0 and
        // records_done = how many of its records (of content_hash) are committed, resume_line the source line of the last
        // of them and problem_count the problems met up to it, so the next run resumes there;
        // pending_recompute holds the papers whose merged record must be rebuilt once the source is complete.
        """
        ALTER TABLE sources ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE sources ADD COLUMN records_done INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sources ADD COLUMN first_new_paper INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sources ADD COLUMN resume_line INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE pending_recompute(
            source_id INTEGER NOT NULL,
            paper_id INTEGER NOT NULL,
            PRIMARY KEY(source_id, paper_id)) WITHOUT ROWID;
        """,

        // 4: a per-model count of vector writes, kept by triggers in the transaction of every insert, replacement or
        // delete (cascades included), so a fingerprint of a model's vectors sees every change (row ids can repeat once
        // the newest rows are deleted and re-added).
        """
        ALTER TABLE models ADD COLUMN vector_changes INTEGER NOT NULL DEFAULT 0;
        CREATE TRIGGER vectors_changes_insert AFTER INSERT ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE model_id = new.model_id;
        END;
        CREATE TRIGGER vectors_changes_delete AFTER DELETE ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE model_id = old.model_id;
        END;
        CREATE TRIGGER vectors_changes_update AFTER UPDATE ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE model_id IN (old.model_id, new.model_id);
        END;
        """,

        // 5: smaller rows. A papers row's record_json leaves out what has a column of its own (title, abstract, year, arXiv
        // id, DOI, authors when they read back from the column) and the source path when source_id names the record's
        // source row (its line in source_line); rows written before keep their full JSON and read alike (StoredRecord).
        // norm_title is no longer written (NULL in rows written from now on; nothing read it). Vectors name their model
        // by an integer (models.id) instead of repeating the model id text in every row and both indexes, and keep
        // the 16 bytes of their content hash instead of 32 hex characters; dim goes (a model's vectors all have its
        // dimension: rows of another are dropped here, PutVectors refuses them). Rebuilt tables keep the row order.
        """
        ALTER TABLE papers ADD COLUMN source_id INTEGER;
        ALTER TABLE papers ADD COLUMN source_line INTEGER;
        CREATE TABLE models_v5(
            id INTEGER PRIMARY KEY,
            model_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            vector_changes INTEGER NOT NULL DEFAULT 0);
        INSERT INTO models_v5(model_id, name, dimension, sha256, registered_at, vector_changes)
            SELECT model_id, name, dimension, sha256, registered_at, vector_changes FROM models ORDER BY model_id;
        CREATE TABLE vectors_v5(
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            model INTEGER NOT NULL REFERENCES models_v5(id) ON DELETE CASCADE,
            content_hash BLOB NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY(paper_id, model));
        INSERT INTO vectors_v5(paper_id, model, content_hash, vector)
            SELECT v.paper_id, m.id, coalesce(unhex(v.content_hash), CAST(v.content_hash AS BLOB)), v.vector
            FROM vectors v JOIN models_v5 m ON m.model_id = v.model_id
            WHERE v.dim = m.dimension
            ORDER BY v.rowid;
        DROP TRIGGER vectors_changes_insert;
        DROP TRIGGER vectors_changes_delete;
        DROP TRIGGER vectors_changes_update;
        DROP TABLE vectors;
        DROP TABLE models;
        ALTER TABLE models_v5 RENAME TO models;
        ALTER TABLE vectors_v5 RENAME TO vectors;
        CREATE INDEX vectors_model ON vectors(model);
        CREATE TRIGGER vectors_changes_insert AFTER INSERT ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE id = new.model;
        END;
        CREATE TRIGGER vectors_changes_delete AFTER DELETE ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE id = old.model;
        END;
        CREATE TRIGGER vectors_changes_update AFTER UPDATE ON vectors BEGIN
            UPDATE models SET vector_changes = vector_changes + 1 WHERE id IN (old.model, new.model);
        END;
        """,

        // 6: a count of writes to papers rows (meta 'papers_changes', kept by triggers). SQLite's data_version changes
        // with every commit, so while the background embedder commits vectors every few seconds, caches keyed by it
        // (the catalog's answers per sentence, papers per key) were emptied again and again; answers drawn from papers
        // rows only need to be dropped when a papers row changes (identities are written with their paper's row).
        """
        INSERT OR IGNORE INTO meta(key, value) VALUES ('papers_changes', '0');
        CREATE TRIGGER papers_changes_insert AFTER INSERT ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'papers_changes';
        END;
        CREATE TRIGGER papers_changes_delete AFTER DELETE ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'papers_changes';
        END;
        CREATE TRIGGER papers_changes_update AFTER UPDATE ON papers BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'papers_changes';
        END;
        """,

        // 7: the full-text triggers stand aside while meta 'fulltext_aside' is set: the first run into an empty index
        // builds the full-text index in a scratch database on a second thread and puts it in place at the end
        // (FullTextAside); an interrupted run leaves the row, and the next run rebuilds the full-text index first.
        """
        DROP TRIGGER papers_fts_insert;
        DROP TRIGGER papers_fts_delete;
        DROP TRIGGER papers_fts_update;
        CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'fulltext_aside') BEGIN
            INSERT INTO papers_fts(rowid, title, keys_text, abstract, authors)
            VALUES (new.id, new.title, new.keys_text, new.abstract, new.authors);
        END;
        CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'fulltext_aside') BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, keys_text, abstract, authors)
            VALUES ('delete', old.id, old.title, old.keys_text, old.abstract, old.authors);
        END;
        CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, keys_text, abstract, authors ON papers
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'fulltext_aside') BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, keys_text, abstract, authors)
            VALUES ('delete', old.id, old.title, old.keys_text, old.abstract, old.authors);
            INSERT INTO papers_fts(rowid, title, keys_text, abstract, authors)
            VALUES (new.id, new.title, new.keys_text, new.abstract, new.authors);
        END;
        """,
    ];

    /// <summary>
    /// papers_fts as migrations 1 and 2 make it (its definition and options), for a scratch table that must hold the same
    /// postings in the same format (<c>FullTextAside</c>; a test checks both against a new index).
    /// </summary>
    public const string FullTextTableSql = """
        CREATE VIRTUAL TABLE papers_fts USING fts5(
            title, keys_text, abstract, authors,
            content='papers', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2');
        """;

    /// <inheritdoc cref="FullTextTableSql"/>
    public const string FullTextOptionsSql = "INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 33554432);";

    /// <summary>The meta row that sets the full-text triggers aside (schema 7; see <c>FullTextAside</c>).</summary>
    public const string FullTextAsideKey = "fulltext_aside";

    public static int LatestVersion => All.Count;
}
