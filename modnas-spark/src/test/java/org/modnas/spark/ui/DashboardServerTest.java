package org.modnas.spark.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.objective.ParetoFront;

/** The dashboard's API against runs with known answers, its safety rules, and its paths under a prefix. */
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int N = 40;
    @TempDir
    static Path tmp;
    private static DashboardServer server;

    @BeforeAll
    static void start() throws Exception {
        DashboardFixture.run(tmp.resolve("runs"), "alpha", N);
        DashboardFixture.run(tmp.resolve("runs"), "beta", 5);
        server = DashboardServer.start(org.modnas.core.store.Location.of(tmp.resolve("runs")), "127.0.0.1", 0, false, "/proxy/app-1/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = get("/proxy/app-1/api/" + path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theRunsListCountsEachRunAndNamesItsBest() throws Exception {
        assertTrue(server.url().endsWith("/proxy/app-1/"), server.url());
        JsonNode runs = api("runs").path("runs");
        assertEquals(2, runs.size());
        JsonNode alpha = runs.get(0);
        assertEquals("alpha", alpha.path("id").asText());
        assertEquals("finished", alpha.path("status").asText(), "no driver holds its lease");
        assertEquals(N + 1, alpha.path("candidates").asInt());
        assertEquals(N, alpha.path("byStatus").path("OK").asInt());
        assertEquals(1, alpha.path("byStatus").path("FAILED").asInt());
        double best = 0;
        for (int i = 0; i < N; i++) {
            best = Math.max(best, DashboardFixture.accuracy(i));
        }
        assertEquals(best, alpha.path("bestScore").asDouble(), 1e-12);
        assertEquals("RegularizedEvolutionOptim", alpha.path("optimizer").asText());
        JsonNode summary = api("runs/alpha/summary");
        assertEquals(best, summary.path("best").path("score").asDouble(), 1e-12);
        assertEquals(N, summary.path("scoreOverTime").size());
        assertEquals(best, summary.path("scoreOverTime").get(N - 1).path("best").asDouble(), 1e-12, "the best-so-far line ends at the best");
    }

    @Test
    void theCandidatesArePagedFilteredAndSortedByTheServer() throws Exception {
        JsonNode page = api("runs/alpha/candidates?sort=score&order=desc&status=OK&offset=0&limit=10");
        assertEquals(N, page.path("total").asInt());
        assertEquals(10, page.path("rows").size());
        double previous = Double.MAX_VALUE;
        for (JsonNode r : page.path("rows")) {
            assertTrue(r.path("score").asDouble() <= previous, "sorted by score, descending");
            previous = r.path("score").asDouble();
        }
        assertEquals(10, api("runs/alpha/candidates?sort=seq&offset=30&limit=10").path("rows").get(0).path("seq").asInt() - 20);
        JsonNode nil = api("runs/alpha/candidates?q=nil&limit=500");
        for (JsonNode r : nil.path("rows")) {
            assertTrue(r.path("arch").toString().contains("NIL"), r.toString());
        }
        assertTrue(nil.path("total").asInt() > 0 && nil.path("total").asInt() < N + 1);
        assertEquals(1, api("runs/alpha/candidates?status=FAILED").path("total").asInt());
        JsonNode failed = api("runs/alpha/candidates?status=FAILED").path("rows").get(0);
        assertEquals(DashboardFixture.SCRIPT_ERROR, failed.path("error").asText(), "the error as written: escaping is the page's job");
        JsonNode detail = api("runs/alpha/candidates/" + failed.path("candidateId").asText());
        assertEquals(DashboardFixture.SCRIPT_ERROR, detail.path("rows").get(0).path("error").asText());
        assertTrue(detail.path("retrain").asText().startsWith("submit/modnas train "), detail.toString());
    }

    @Test
    void theParetoFrontOfTheTradeOffsViewIsTheOneComputedInJava() throws Exception {
        JsonNode t = api("runs/alpha/tradeoffs?x=macs&y=accuracy");
        List<Map<String, Double>> points = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            points.add(Map.of("macs", (double) DashboardFixture.macs(i), "accuracy", DashboardFixture.accuracy(i)));
        }
        Set<String> expected = new HashSet<>();
        for (int i : ParetoFront.indices(points, List.of(ParetoFront.Criterion.min("macs"), ParetoFront.Criterion.max("accuracy")))) {
            expected.add(DashboardFixture.row(i, CandidateStatus.OK, null).candidateId());
        }
        Set<String> front = new HashSet<>();
        t.path("front").forEach(p -> front.add(p.get(2).asText()));
        assertEquals(expected, front);
        assertEquals(N, t.path("points").size());
        assertFalse(t.path("sampled").asBoolean());
        assertEquals(List.of("cells.0", "cells.1", "cells.2", "score"), JSON.convertValue(t.path("parallel").path("dims"), List.class));
    }

    @Test
    void traversalUnknownRunsAndWritesAreRefusedWithoutAStackTrace() throws Exception {
        for (String path : List.of("/proxy/app-1/api/runs/..%2F..%2Fetc/summary", "/proxy/app-1/api/runs/../../etc/passwd",
                "/proxy/app-1/static/../../../etc/passwd", "/proxy/app-1/static/%2e%2e%2fpom.xml", "/proxy/app-1/api/runs/nope/summary",
                "/proxy/app-1/api/runs/alpha/candidates/nope", "/etc/passwd", "/proxy/app-1/../../etc/passwd",
                "/proxy/app-1/static/org/modnas/spark/ui/static/app.js")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), path + ": " + r.body());
        }
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/proxy/app-1/api/runs")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(400, get("/proxy/app-1/api/runs/alpha/candidates?offset=ten").statusCode());
    }

    @Test
    void thePageAndTheChartLibraryAreServedFromTheServerItself() throws Exception {
        HttpResponse<String> page = get("/proxy/app-1/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere: " + page.body());
        assertEquals(200, get("/proxy/app-1/static/echarts.min.js").statusCode());
        assertEquals(200, get("/proxy/app-1/static/app.js").statusCode());
    }
}
