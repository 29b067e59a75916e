package org.modnas.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching Fashion-MNIST from a download location (a server on the loopback address stands in for it). */
class FashionMnistFetcherTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    private static byte[] gz(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(raw);
        }
        return bo.toByteArray();
    }

    private static byte[] images(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        return b.array();
    }

    private static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    @BeforeEach
    void serve() throws IOException {
        served.put("train-images-idx3-ubyte.gz", gz(images(20)));
        served.put("train-labels-idx1-ubyte.gz", gz(labels(20)));
        served.put("t10k-images-idx3-ubyte.gz", gz(images(5)));
        served.put("t10k-labels-idx1-ubyte.gz", gz(labels(5)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fm/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/fm/".length());
            synchronized (requests) {
                requests.add(name);
            }
            byte[] body = served.get(name);
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream o = ex.getResponseBody()) {
                if (body != null) {
                    o.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fm/";
    }

    @Test
    void downloadsMissingFilesIntoTheCacheAndReadsThem() {
        Path cache = dir.resolve("cache");
        String conf = "dataset { type = FashionMNIST, root = \"" + dir.resolve("absent") + "\", url = \"" + url()
                + "\", cache_dir = \"" + cache + "\" }, train_portion = 1, limit_train = 0, limit_valid = 0, limit_test = 0, seed = 0";
        DataSplits s = DataSets.load(ConfigFactory.parseString(conf));
        assertEquals(20, s.train().size());
        assertEquals(5, s.test().size());
        assertTrue(FashionMnistFetcher.present(cache));
        assertEquals(4, requests.size());
        // a second fetch finds everything in place and asks for nothing
        assertEquals(cache, FashionMnistFetcher.ensure(dir.resolve("absent"), cache, url(), l -> { }));
        assertEquals(4, requests.size());
    }

    @Test
    void aFailedDownloadSaysWhatFailedAndHowToGetTheFiles() {
        served.remove("t10k-labels-idx1-ubyte.gz");
        Path cache = dir.resolve("cache2");
        DataException e = assertThrows(DataException.class,
                () -> FashionMnistFetcher.ensure(dir.resolve("absent"), cache, url(), l -> { }));
        assertTrue(e.getMessage().startsWith("Fashion-MNIST is not in " + dir.resolve("absent") + " and could not be fetched: "
                + "downloading " + url() + "t10k-labels-idx1-ubyte.gz answered HTTP 404."), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertFalse(FashionMnistFetcher.present(cache), "no partial data set is taken for a whole one");
    }
}
