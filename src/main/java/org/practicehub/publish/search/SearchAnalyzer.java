package org.practicehub.publish.search;

import java.text.Normalizer;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * One analyser for practices in English, Spanish and French, at index and at query time alike: words split by Unicode's
 * rules, French elisions ("l'intégration") and English possessives taken off, lower case, accents folded, the three
 * languages' stop words dropped, Latin endings written the same way in the three languages ({@link CognateFilter}:
 * "-ción" and "-tion"), then Porter's stemmer. So {@code reintegración}, {@code reintegration}, {@code réintégration}
 * and {@code reintegrations} are all one term. A record's language is not known reliably (partners mix them), hence one
 * chain for all rather than one field per language: a Spanish word stemmed by an English stemmer is still stemmed the
 * same way on both sides. {@code stem=false} is the same chain without stop words, cognates or stemming: the words as
 * written, for prefix matching.
 */
public final class SearchAnalyzer extends Analyzer {

    /** Function words of the three languages, folded as the tokens are; a few that are also content words are kept. */
    static final CharArraySet STOP = stopWords();

    private final boolean stem;

    public SearchAnalyzer(boolean stem) {
        this.stem = stem;
    }

    private static CharArraySet stopWords() {
        // "estados" (Estados Unidos), "est" (l'Est), "ete" (été: summer), "son" and "sin" stay searchable
        List<String> keep = List.of("estado", "estados", "est", "ete", "son", "sin");
        CharArraySet out = new CharArraySet(800, true);
        for (CharArraySet set : List.of(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, SpanishAnalyzer.getDefaultStopSet(), FrenchAnalyzer.getDefaultStopSet())) {
            for (Object w : set) {
                String folded = fold(new String((char[]) w));
                if (!keep.contains(folded)) {
                    out.add(folded);
                }
            }
        }
        return CharArraySet.unmodifiableSet(out);
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static final NormalizeCharMap COLON = colon();

    private static NormalizeCharMap colon() {
        NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
        map.add(":", " ");
        return map.build();
    }

    /** A colon joins letters in Unicode's word rules (Swedish): here it parts words, so "title:return" is two. */
    @Override
    protected java.io.Reader initReader(String fieldName, java.io.Reader reader) {
        return new MappingCharFilter(COLON, reader);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        source.setMaxTokenLength(64);
        TokenStream t = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        t = new EnglishPossessiveFilter(t);
        t = new LowerCaseFilter(t);
        t = new ASCIIFoldingFilter(t);
        if (stem) {
            t = new StopFilter(t, STOP);
            t = new CognateFilter(t);
            t = new PorterStemFilter(t);
        }
        return new TokenStreamComponents(source, t);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
}
