package org.practicehub.source;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the shared corpus' MANIFEST.tsv: a third-party test input, its category and what its own suite
 * expects. The file is read in place; nothing of it is copied into the project.
 */
record CorpusFile(int index, String path, String repo, String category, String expected, String format, Path file) {

    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*Header:\\s*([A-Za-z-]+):\\s*(.*?)\\s*$");

    static List<CorpusFile> manifest(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        List<String> head = List.of(lines.get(0).split("\t", -1));
        int path = head.indexOf("path");
        int repo = head.indexOf("source_repo");
        int category = head.indexOf("category");
        int expected = head.indexOf("expected");
        int format = head.indexOf("format");
        List<CorpusFile> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            out.add(new CorpusFile(out.size() + 1, c[path], c[repo], c[category], c[expected], c[format], corpus.resolve(c[path])));
        }
        return out;
    }

    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    boolean isJson() {
        return path.endsWith(".json");
    }

    /** A source id for the mapping file: the row number keeps it unique, the file name keeps it readable. */
    String sourceId() {
        String slug = name().replaceFirst("\\.[a-z]+$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String id = String.format("c%03d-%s", index, slug);
        return id.length() > 60 ? id.substring(0, 60).replaceAll("-$", "") : id;
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The file's text for reading its leading comment; UTF-16/32 files are told apart by their NUL bytes. */
    String commentText() {
        byte[] b = bytes();
        Charset cs = StandardCharsets.ISO_8859_1;
        if (b.length >= 4 && b[0] == 0 && b[1] == 0) {
            cs = Charset.forName("UTF-32BE");
        } else if (b.length >= 4 && b[2] == 0 && b[3] == 0) {
            cs = Charset.forName("UTF-32LE");
        } else if (b.length >= 2 && (b[0] == 0 || (b[0] & 0xff) == 0xfe)) {
            cs = StandardCharsets.UTF_16BE;
        } else if (b.length >= 2 && (b[1] == 0 || (b[0] & 0xff) == 0xff)) {
            cs = StandardCharsets.UTF_16LE;
        }
        String text = new String(b, cs);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** feedparser's {@code Header: Name: value} comments: the HTTP response headers its suite simulates. */
    Map<String, String> httpHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        if (!repo.equals("kurtmckee/feedparser") || isJson()) {
            return h;
        }
        String text = commentText();
        int end = text.indexOf("-->");
        Matcher m = HEADER.matcher(end < 0 ? text : text.substring(0, end));
        while (m.find()) {
            h.put(m.group(1), m.group(2));
        }
        return h;
    }

    /** The suite's own expression, without the simulated headers: feedparser's Expect, or the manifest's words. */
    String expectation() {
        String e = expected;
        for (String part : expected.split(" \\| ")) {
            if (part.startsWith("Expect:")) {
                e = part.substring("Expect:".length()).trim();
            }
        }
        return e;
    }
}
