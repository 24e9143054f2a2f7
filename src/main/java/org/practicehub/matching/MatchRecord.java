package org.practicehub.matching;

import java.util.Arrays;
import java.util.List;

/**
 * One record as the matcher sees it, normalised once when it is indexed: term ids of its title and
 * summary (sorted, without repeats), the character trigrams of its title, its organisations,
 * countries, start year and canonical URLs.
 */
public final class MatchRecord {

    final RecordKey key;
    final String network;
    final String title;
    final int[] titleTerms;
    final int[] summaryTerms;
    final int[] titleGrams;
    final Org[] orgs;
    final String[] countries;
    final int year;
    final String[] urls;
    /** Blocking keys of the organisations: last words and acronyms, as term ids of their own. */
    final int[] orgTerms;
    /** The numbers a title carries, as written: digits, and roman numerals of parts and phases. */
    final String[] titleNumbers;
    /** {@link ContentTerms} of the whole text as term ids (sorted), with each one's dampened count (1 + log n). */
    final int[] content;
    final float[] contentTf;
    /** How many terms the whole text gave: below {@link Scorer#MIN_CONTENT} its words say too little to compare. */
    final int contentSize;
    /** The names the title gives ({@link ContentTerms.Terms#titleKeys}) as term ids, sorted. */
    final int[] titleKeys;
    /** The countries the title names, as term ids, sorted. */
    final int[] titleCountries;
    /** The record's language as mapped, or null. */
    final String language;

    MatchRecord(RecordKey key, String network, String title, int[] titleTerms, int[] summaryTerms, int[] titleGrams,
            Org[] orgs, String[] countries, int year, String[] urls, int[] orgTerms, String[] titleNumbers,
            int[] content, float[] contentTf, int contentSize, int[] titleKeys, int[] titleCountries, String language) {
        this.key = key;
        this.network = network;
        this.title = title;
        this.titleTerms = titleTerms;
        this.summaryTerms = summaryTerms;
        this.titleGrams = titleGrams;
        this.orgs = orgs;
        this.countries = countries;
        this.year = year;
        this.urls = urls;
        this.orgTerms = orgTerms;
        this.titleNumbers = titleNumbers;
        this.content = content;
        this.contentTf = contentTf;
        this.contentSize = contentSize;
        this.titleKeys = titleKeys;
        this.titleCountries = titleCountries;
        this.language = language;
    }

    public RecordKey key() {
        return key;
    }

    public String network() {
        return network;
    }

    public String title() {
        return title;
    }

    public List<String> urls() {
        return Arrays.asList(urls);
    }

    /**
     * An organisation (or a person, for bibliographic sources) as compared: its folded words as term ids
     * (in order, and sorted), the initial of its first word, its acronym (given, learnt from the records,
     * or the name itself when it is one) and its initials.
     */
    record Org(String name, int[] words, int[] sortedWords, char initial, String acronym, String initials) {

        /** The same organisation: acronyms or initials agree, or the names do, allowing "M. Stonebraker" for "Michael Stonebraker". */
        boolean sameAs(Org o) {
            if (acronym != null && (acronym.equals(o.acronym) || acronym.equals(o.initials))) {
                return true;
            }
            if (o.acronym != null && o.acronym.equals(initials)) {
                return true;
            }
            if (words.length == 0 || o.words.length == 0) {
                return false;
            }
            if (words.length >= 2 && o.words.length >= 2 && words[words.length - 1] == o.words[o.words.length - 1]
                    && initial != 0 && initial == o.initial) {
                return true;
            }
            int common = 0;
            int i = 0;
            int j = 0;
            while (i < sortedWords.length && j < o.sortedWords.length) {
                if (sortedWords[i] < o.sortedWords[j]) {
                    i++;
                } else if (sortedWords[i] > o.sortedWords[j]) {
                    j++;
                } else {
                    common++;
                    i++;
                    j++;
                }
            }
            // names agree when their words mostly do: Jaccard at least 0.6
            return common * 5 >= 3 * (sortedWords.length + o.sortedWords.length - common);
        }
    }
}
