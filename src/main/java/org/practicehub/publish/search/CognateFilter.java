package org.practicehub.publish.search;

import java.io.IOException;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;

/**
 * Writes the Latin endings Spanish and Portuguese spell their own way as English and French spell them, on folded
 * lower-case words of six letters or more, before stemming: "reintegracion(es)" and "reintegracao/-coes" become
 * "reintegration(s)", "racismo/racisme" "racism". Only endings that are the same suffix in every language are
 * rewritten, so no word meets a word of another meaning.
 */
public final class CognateFilter extends TokenFilter {

    private static final String[][] ENDINGS = {
        {"ciones", "tions"}, {"cion", "tion"}, {"coes", "tions"}, {"cao", "tion"}, {"ismos", "isms"}, {"ismes", "isms"}, {"ismo", "ism"}, {"isme", "ism"},
    };

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final KeywordAttribute keyword = addAttribute(KeywordAttribute.class);

    public CognateFilter(TokenStream in) {
        super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        if (keyword.isKeyword() || term.length() < 6) {
            return true;
        }
        String w = term.toString();
        for (String[] e : ENDINGS) {
            if (w.endsWith(e[0])) {
                term.setEmpty().append(w, 0, w.length() - e[0].length()).append(e[1]);
                break;
            }
        }
        return true;
    }
}
