package org.practicehub.publish.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.practicehub.model.Practice;

/**
 * The practices' full-text index (Apache Lucene), kept in step with the store by {@code PracticeIndex}: rebuilt from the
 * store when the hub starts (the folder is emptied first: nothing is kept between runs, so it can never disagree with the
 * store), then updated with every practice a change event names. Each {@link View} is one point-in-time reader, matched
 * to one {@code PracticeIndex} snapshot, so a query's hits are the snapshot's positions.
 *
 * <p>On disk ({@code data/search-index}, memory-mapped: off the heap) when a folder is given and free; in memory otherwise
 * (tests, or a second process on the same folder).
 */
public final class SearchIndex implements Closeable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SearchIndex.class);

    static final String ID = "id";
    static final String TITLE = "title";
    static final String BODY = "body";
    static final String TAGS = "tags";
    static final String PLACES = "places";
    static final String ORGS = "orgs";
    static final String ORG = "org";
    static final String UNIT = "\u001f";

    private final Directory dir;
    private final IndexWriter writer;
    private final Analyzer analyzer = new SearchAnalyzer(true);
    private DirectoryReader reader;

    private SearchIndex(Directory dir) throws IOException {
        this.dir = dir;
        IndexWriterConfig c = new IndexWriterConfig(new PerFieldAnalyzerWrapper(analyzer, Map.of()));
        c.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        c.setRAMBufferSizeMB(16);
        c.setCommitOnClose(false);
        this.writer = new IndexWriter(dir, c);
        this.reader = DirectoryReader.open(writer);
    }

    /** An index in {@code folder} (created, its old contents replaced), or in memory when null or held by another process. */
    public static SearchIndex open(Path folder) {
        try {
            if (folder != null) {
                Files.createDirectories(folder);
                Directory d = FSDirectory.open(folder);
                try {
                    return new SearchIndex(d);
                } catch (LockObtainFailedException e) {
                    d.close();
                    LOG.info("search index folder {} is in use by another process: this one keeps its search index in memory", folder);
                }
            }
            return new SearchIndex(new ByteBuffersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index" + (folder == null ? "" : " in " + folder), e);
        }
    }

    /** Replaces (or adds) the documents of these practices; seen by the next {@link #view}. */
    public synchronized void index(Collection<Practice> changed) {
        try {
            for (Practice p : changed) {
                writer.updateDocument(new Term(ID, p.id()), document(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    /** Deletes the documents of these ids (withdrawn, merged away); seen by the next {@link #view}. */
    public synchronized void delete(Collection<String> gone) {
        try {
            for (String id : gone) {
                writer.deleteDocuments(new Term(ID, id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index", e);
        }
    }

    /** A view as of now whose positions are those of {@code order} (a snapshot's entries' ids, in their order). */
    public synchronized View view(List<String> order) {
        try {
            DirectoryReader next = DirectoryReader.openIfChanged(reader, writer);
            if (next != null) {
                DirectoryReader old = reader;
                reader = next;
                old.decRef();
            }
            return new View(reader, order);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search index", e);
        }
    }

    static Document document(Practice p) {
        Document d = new Document();
        d.add(new StringField(ID, p.id(), Field.Store.YES));
        d.add(new SortedDocValuesField(ID, new BytesRef(p.id())));
        Fields f = Fields.of(p);
        d.add(new TextField(TITLE, f.title(), Field.Store.YES));
        d.add(new TextField(BODY, f.body(), Field.Store.NO));
        d.add(new TextField(TAGS, f.tags(), Field.Store.NO));
        d.add(new TextField(PLACES, f.places(), Field.Store.NO));
        d.add(new TextField(ORGS, f.orgs(), Field.Store.NO));
        for (String[] o : f.mentions()) {
            d.add(new StoredField(ORG, String.join(UNIT, o)));
        }
        return d;
    }

    @Override
    public synchronized void close() {
        try {
            reader.decRef();
            writer.rollback();
            dir.close();
        } catch (IOException e) {
            LOG.warn("closing the search index: {}", e.toString());
        }
    }

    /** Document id to position in {@code order}, and back; -1 where there is none. */
    static int[][] positions(DirectoryReader r, List<String> order) throws IOException {
        Map<String, Integer> at = new HashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            at.put(order.get(i), i);
        }
        int[] positionOf = new int[r.maxDoc()];
        int[] docOf = new int[order.size()];
        java.util.Arrays.fill(positionOf, -1);
        java.util.Arrays.fill(docOf, -1);
        for (LeafReaderContext leaf : r.leaves()) {
            SortedDocValues ids = leaf.reader().getSortedDocValues(ID);
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            if (ids == null) {
                continue;
            }
            for (int doc = ids.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                Integer p = at.get(ids.lookupOrd(ids.ordValue()).utf8ToString());
                if (p != null) {
                    positionOf[leaf.docBase + doc] = p;
                    docOf[p] = leaf.docBase + doc;
                }
            }
        }
        return new int[][] {positionOf, docOf};
    }

    /** Positions that matched a query and their scores (by position; 0 where not matched). */
    public record Hits(BitSet positions, float[] scores) {}
}
