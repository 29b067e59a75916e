package org.modnas.spark.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.modnas.core.store.Location;

/**
 * The dashboard's HTTP server: serves the page, its static files and the JSON API of
 * {@link DashboardApi} under a path prefix (for the proxies through which YARN and Kubernetes users
 * reach driver UIs). Read-only: only GET and HEAD. Only the page's own files and the runs the
 * catalog lists can be reached; anything else, including {@code ..} and encoded traversal, is a 404.
 * Errors never show a stack trace.
 */
public final class DashboardServer implements AutoCloseable {
    /** The static files served, by name under {@code static/}: the page's own and the chart library. */
    private static final Map<String, String> STATIC = new LinkedHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        STATIC.put("app.js", "org/modnas/spark/ui/static/app.js");
        STATIC.put("app.css", "org/modnas/spark/ui/static/app.css");
        STATIC.put("echarts.min.js", "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js");
    }

    /** The dashboards this JVM serves, by the folder they serve: a search logs the address of its own. */
    private static final Map<Location, DashboardServer> SERVING = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpServer server;
    private final String prefix;
    private final DashboardApi api;
    private final RunCatalog catalog;

    private DashboardServer(HttpServer server, String prefix, RunCatalog catalog) {
        this.server = server;
        this.prefix = prefix;
        this.catalog = catalog;
        this.api = new DashboardApi(catalog);
    }

    /**
     * Starts serving the runs under {@code folder} on {@code host}, at {@code port} or, when it is
     * taken and {@code tryNext} is set, the next free port after it (as Spark's own UI does).
     *
     * @param prefix a path prefix such as {@code /proxy/app-1}, or empty
     */
    public static DashboardServer start(Location folder, String host, int port, boolean tryNext, String prefix) throws IOException {
        String p = normalizePrefix(prefix);
        for (int attempt = 0; ; attempt++) {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(host, port + attempt), 0);
                DashboardServer d = new DashboardServer(s, p, new RunCatalog(folder));
                s.createContext("/", d::handle);
                s.setExecutor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "dashboard");
                    t.setDaemon(true);
                    return t;
                }));
                s.start();
                SERVING.put(d.folder(), d);
                return d;
            } catch (BindException e) {
                if (!tryNext || attempt >= 32) {
                    throw new IOException("the dashboard cannot listen on " + host + ":" + (port + attempt) + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    static String normalizePrefix(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.contains("..") || !p.matches("[A-Za-z0-9/_.~-]*")) {
            throw new IllegalArgumentException("dashboard prefix '" + prefix + "': use letters, digits and / _ . ~ - only");
        }
        return p;
    }

    /** The address the page is at, e.g. {@code http://127.0.0.1:4050/}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return "http://" + host + ":" + a.getPort() + prefix + "/";
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        SERVING.remove(folder(), this);
        server.stop(0);
    }

    /** The address of the dashboard this JVM serves for {@code folder}, or null. */
    public static String urlFor(Location folder) {
        DashboardServer d = SERVING.get(folder.absolute());
        return d == null ? null : d.url();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "read-only: GET and HEAD only".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String raw = ex.getRequestURI().getRawPath();
            if (!prefix.isEmpty() && raw.equals(prefix)) {
                // the page's relative addresses need the trailing slash
                ex.getResponseHeaders().set("Location", prefix + "/");
                send(ex, 302, "text/plain", new byte[0]);
                return;
            }
            if (!raw.startsWith(prefix + "/")) {
                notFound(ex, false);
                return;
            }
            String path = raw.substring(prefix.length() + 1);
            if (path.isEmpty() || path.equals("index.html")) {
                resource(ex, "org/modnas/spark/ui/static/index.html", "text/html");
            } else if (path.startsWith("static/")) {
                String name = path.substring("static/".length());
                String res = STATIC.get(name);
                if (res == null) {
                    notFound(ex, false);
                } else {
                    resource(ex, res, name.endsWith(".css") ? "text/css" : "text/javascript");
                }
            } else if (path.startsWith("api/")) {
                api(ex, path.substring("api/".length()));
            } else {
                notFound(ex, false);
            }
        } catch (RuntimeException e) {
            System.err.println("dashboard: " + ex.getRequestURI() + ": " + e);
        }
    }

    private void api(HttpExchange ex, String path) throws IOException {
        // split the raw path into segments first, then decode each: an encoded '/' or '..' stays inside one name
        List<String> seg = List.of(path.split("/", -1)).stream().map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        ObjectNode body;
        try {
            if (seg.size() == 1 && seg.get(0).equals("runs")) {
                body = api.runs();
            } else if (seg.size() >= 3 && seg.get(0).equals("runs")) {
                RunState run = catalog.run(seg.get(1));
                if (run == null) {
                    notFound(ex, true);
                    return;
                }
                body = switch (seg.size() == 3 ? seg.get(2) : seg.get(2) + "/") {
                    case "summary" -> api.summary(run);
                    case "candidates" -> api.candidates(run, q);
                    case "candidates/" -> seg.size() == 4 ? api.candidate(run, seg.get(3)) : null;
                    case "architectures" -> api.architectures(run, q);
                    case "tradeoffs" -> api.tradeoffs(run, q);
                    case "rungs" -> api.rungs(run);
                    case "executors" -> api.executors(run);
                    default -> null;
                };
            } else {
                body = null;
            }
        } catch (NumberFormatException e) {
            send(ex, 400, "application/json", error("a number was expected: " + e.getMessage()));
            return;
        }
        if (body == null) {
            notFound(ex, true);
            return;
        }
        send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            q.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private void resource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                notFound(ex, false);
                return;
            }
            send(ex, 200, type, in.readAllBytes());
        }
    }

    private void notFound(HttpExchange ex, boolean json) throws IOException {
        if (json) {
            send(ex, 404, "application/json", error("not found"));
        } else {
            send(ex, 404, "text/html", ("<!doctype html><title>Not found</title><p>Not found. <a href=\"" + prefix
                    + "/\">The dashboard</a></p>").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type + "; charset=utf-8");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cache-Control", "no-store");
        // the page runs its own scripts only; charts style their elements inline
        h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; connect-src 'self'");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The folder of runs it serves. */
    public Location folder() {
        return catalog.root();
    }
}
