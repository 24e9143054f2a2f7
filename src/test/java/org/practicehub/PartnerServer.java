package org.practicehub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A partner's HTTP server on loopback, answering per path with what the test says, and keeping every request. */
public final class PartnerServer implements AutoCloseable {

    /** One answer: status, headers, body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer ok(String contentType, String body) {
            return new Answer(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer status(int status, Map<String, String> headers) {
            return new Answer(status, headers, new byte[0]);
        }

        /** No answer at all: the server closes the connection after reading the request. */
        public static final Answer HANG_UP = new Answer(0, Map.of(), new byte[0]);
    }

    /** What the hub sent, and when it arrived (System.nanoTime). */
    public record Request(String method, URI uri, Headers headers, byte[] body, long nanos) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Answer answer(Request r) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, com.sun.net.httpserver.HttpHandler> raw = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public PartnerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public PartnerServer on(String path, Handler h) {
        handlers.put(path, h);
        return this;
    }

    /** A path answered by the test's own handler, for what an {@link Answer} cannot say (a body sent slowly). */
    public PartnerServer onRaw(String path, com.sun.net.httpserver.HttpHandler h) {
        raw.put(path, h);
        return this;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.uri().getPath().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        com.sun.net.httpserver.HttpHandler own = raw.get(ex.getRequestURI().getPath());
        if (own != null) {
            own.handle(ex);
            return;
        }
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), ex.getRequestBody().readAllBytes(),
                System.nanoTime());
        requests.add(r);
        Handler h = handlers.get(ex.getRequestURI().getPath());
        Answer a;
        try {
            a = h == null ? Answer.status(404, Map.of()) : h.answer(r);
        } catch (Exception e) {
            a = new Answer(500, Map.of(), String.valueOf(e).getBytes(StandardCharsets.UTF_8));
        }
        if (a == Answer.HANG_UP) {
            // the server closes the connection of an exchange whose handler throws, without a response
            throw new IOException("hanging up on " + r.uri());
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.status() == 304 || a.body().length == 0) {
            ex.sendResponseHeaders(a.status(), -1);
        } else {
            ex.sendResponseHeaders(a.status(), a.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(a.body());
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
