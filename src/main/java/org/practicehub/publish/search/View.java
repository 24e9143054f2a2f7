package org.practicehub.publish.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.practicehub.model.Practice;

/**
 * The search index as of one {@code PracticeIndex} snapshot: hits come back as that snapshot's positions. A view holds
 * its reader open until {@link #retire()}; a query on a view retired meanwhile answers null (the caller falls back to the
 * snapshot's own word match), never a closed-reader failure.
 */
public final class View {

    /** Fields a query word is looked for in, and how much a match there weighs. */
    private static final String[] FIELDS = {SearchIndex.TITLE, SearchIndex.TAGS, SearchIndex.PLACES, SearchIndex.ORGS, SearchIndex.BODY};
    private static final float[] BOOSTS = {3f, 2f, 2f, 2f, 1f};
    private static final Analyzer STEMMED = new SearchAnalyzer(true);
    private static final Analyzer RAW = new SearchAnalyzer(false);

    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int[] positionOf;
    private final int[] docOf;

    View(DirectoryReader reader, List<String> order) throws IOException {
        reader.incRef();
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        int[][] p = SearchIndex.positions(reader, order);
        this.positionOf = p[0];
        this.docOf = p[1];
    }

    /** Lets the reader go once the queries under way are done: the snapshot holding this view was replaced. */
    public void retire() {
        try {
            reader.decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The query for what a member typed: every word must be found (in the title, themes and phases, places,
     * organisations or text, in any of the three languages' forms), a title match weighing most; a word also matches as
     * the start of a longer one. No query syntax: what is typed is words, so nothing can fail to parse. Null when no word
     * is left (stop words only, punctuation): that selects everything.
     */
    public static Query query(String text) {
        List<String> words = tokens(RAW, text);
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        int clauses = 0;
        for (String w : words) {
            List<String> stems = tokens(STEMMED, w);
            if (stems.isEmpty()) {
                continue;
            }
            BooleanQuery.Builder one = new BooleanQuery.Builder();
            for (String stem : stems) {
                for (int f = 0; f < FIELDS.length; f++) {
                    one.add(new BoostQuery(new TermQuery(new Term(FIELDS[f], stem)), BOOSTS[f]), BooleanClause.Occur.SHOULD);
                }
            }
            for (String f : FIELDS) {
                one.add(new BoostQuery(new ConstantScoreQuery(new PrefixQuery(new Term(f, w))), 0.3f), BooleanClause.Occur.SHOULD);
            }
            all.add(one.build(), BooleanClause.Occur.MUST);
            clauses++;
        }
        return clauses == 0 ? null : all.build();
    }

    /** The terms an analyser makes of a text. */
    public static List<String> tokens(Analyzer a, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("x", new StringReader(text == null ? "" : text))) {
            CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(t.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The positions matching {@code text} and their scores; null when this view was retired under the caller. */
    public SearchIndex.Hits match(String text, int size) {
        Query q = query(text);
        BitSet bits = new BitSet(size);
        float[] scores = new float[size];
        if (q == null) {
            bits.set(0, size);
            return new SearchIndex.Hits(bits, scores);
        }
        if (!reader.tryIncRef()) {
            return null;
        }
        try {
            searcher.search(q, new SimpleCollector() {
                private int base;
                private Scorable scorer;

                @Override
                protected void doSetNextReader(LeafReaderContext context) {
                    base = context.docBase;
                }

                @Override
                public void setScorer(Scorable s) {
                    scorer = s;
                }

                @Override
                public void collect(int doc) throws IOException {
                    int p = positionOf[base + doc];
                    if (p >= 0 && p < size) {
                        bits.set(p);
                        scores[p] = scorer.score();
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE;
                }
            });
            return new SearchIndex.Hits(bits, scores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            decRef();
        }
    }

    /**
     * The positions of the practices most like this one (MoreLikeThis over its title, text, themes and phases, places
     * and organisations: the terms rarest in the depository weigh most), best first, itself excluded.
     */
    public List<Integer> related(Practice p, int max) {
        if (!reader.tryIncRef()) {
            return List.of();
        }
        try {
            MoreLikeThis mlt = new MoreLikeThis(reader);
            mlt.setAnalyzer(STEMMED);
            mlt.setFieldNames(FIELDS);
            mlt.setMinTermFreq(1);
            mlt.setMinDocFreq(2);
            mlt.setMaxDocFreqPct(50);
            mlt.setMaxQueryTerms(30);
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            q.add(mlt.like(Fields.of(p).asMap()), BooleanClause.Occur.SHOULD);
            q.add(new TermQuery(new Term(SearchIndex.ID, p.id())), BooleanClause.Occur.MUST_NOT);
            List<Integer> out = new ArrayList<>();
            for (ScoreDoc d : searcher.search(q.build(), max).scoreDocs) {
                int pos = positionOf[d.doc];
                if (pos >= 0) {
                    out.add(pos);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            decRef();
        }
    }

    /** One practice's title and the organisations it names (role, name, acronym), as indexed. */
    public record Stored(int position, String title, List<String[]> organisations) {}

    /** The titles and organisations of the positions given (all live ones when null), in that order. */
    public List<Stored> stored(List<Integer> positions) {
        if (!reader.tryIncRef()) {
            return List.of();
        }
        try {
            StoredFields fields = reader.storedFields();
            List<Stored> out = new ArrayList<>();
            List<Integer> wanted = positions;
            if (wanted == null) {
                wanted = new ArrayList<>();
                for (int i = 0; i < docOf.length; i++) {
                    wanted.add(i);
                }
            }
            for (int pos : wanted) {
                int doc = pos >= 0 && pos < docOf.length ? docOf[pos] : -1;
                if (doc < 0) {
                    continue;
                }
                org.apache.lucene.document.Document d = fields.document(doc);
                List<String[]> orgs = new ArrayList<>();
                for (String o : d.getValues(SearchIndex.ORG)) {
                    orgs.add(o.split(SearchIndex.UNIT, -1));
                }
                out.add(new Stored(pos, d.get(SearchIndex.TITLE), orgs));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            decRef();
        }
    }

    private void decRef() {
        try {
            reader.decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
