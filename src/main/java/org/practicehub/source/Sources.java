package org.practicehub.source;

import java.util.List;

/** The declared partner sources, as read from the mappings folder at start. */
public class Sources {

    private final List<SourceDef> all;

    public Sources(List<SourceDef> all) {
        this.all = List.copyOf(all);
    }

    public List<SourceDef> all() {
        return all;
    }

    /** The sources a cycle polls: all but those switched off with {@code enabled: false}. */
    public List<SourceDef> active() {
        return all.stream().filter(SourceDef::enabled).toList();
    }

    public SourceDef get(String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no source with id " + id));
    }
}
