package org.practicehub;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** A hub started in this JVM from the real Main with the given configuration, as `java -jar` would start it. */
public final class HubInstance implements AutoCloseable {

    private final Main main;

    private HubInstance(Main main) {
        this.main = main;
    }

    public static HubInstance start(Map<String, String> properties) {
        Main main = Hub.newMain();
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the hub did not start", e);
        }
        return new HubInstance(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a store holds, in a form two runs can be compared by: each practice (id, version, title, document without
     * the hub's own clock readings) and each record (source, record, practice, content hash), ordered.
     */
    public static List<String> storeContents(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        // each store makes its own identity, which its own records' provenance names: two stores compare without it
        String self = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT val FROM hub_setting WHERE name = 'hub-id'"); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                self = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, version, title, doc, withdrawn_at FROM practice ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String doc = withoutClock(rs.getString(4));
                out.add("practice " + rs.getString(1) + " v" + rs.getInt(2) + " " + rs.getString(3) + " withdrawn=" + (rs.getObject(5) != null)
                        + " " + (self == null ? doc : doc.replace("\"hub\":\"" + self + "\"", "\"hub\":\"(this hub)\"")));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT source_id, record_id, practice_id, content_hash, deleted_at FROM source_record"
                + " ORDER BY source_id, record_id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add("record " + rs.getString(1) + "/" + rs.getString(2) + " -> " + rs.getString(3) + " " + rs.getString(4)
                        + " deleted=" + (rs.getObject(5) != null));
            }
        }
        return out;
    }

    private static String withoutClock(String doc) {
        try {
            JsonNode n = TestSupport.JSON.readTree(doc);
            strip(n);
            return n.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of("firstSeen", "lastChanged"));
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }
}
