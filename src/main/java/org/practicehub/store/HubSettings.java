package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Values made once for the whole hub and kept in its store ({@code hub_setting}, V18): every instance on a shared
 * database reads the same one, and the first instance to need one creates it.
 */
public final class HubSettings {

    /** A setting's value, and whether this call created it. */
    public record Value(String value, boolean created) {}

    private final Db db;
    private final Clock clock;
    private final String instance;

    public HubSettings(Db db, Clock clock, String instance) {
        this.db = db;
        this.clock = clock;
        this.instance = instance;
    }

    public Optional<String> get(String name) {
        return db.read(c -> read(c, name));
    }

    /**
     * The value stored under the name; when there is none, {@code make}'s, stored unless another instance stored one
     * meanwhile, in which case that one is answered: two instances starting at once agree.
     */
    public Value once(String name, Supplier<String> make) {
        return db.tx(c -> {
            Optional<String> there = read(c, name);
            if (there.isPresent()) {
                return new Value(there.get(), false);
            }
            String made = make.get();
            if (Db.insertUnlessPresent(c, "INSERT INTO hub_setting (name, val, created_at, created_by) VALUES (?, ?, ?, ?)", name, made,
                    clock.instant(), instance)) {
                return new Value(made, true);
            }
            return new Value(read(c, name).orElseThrow(() -> new IllegalStateException("setting " + name + " vanished")), false);
        });
    }

    private static Optional<String> read(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT val FROM hub_setting WHERE name = ?", name); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
