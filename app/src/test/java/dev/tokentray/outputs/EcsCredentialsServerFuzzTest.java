package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.cache.Session;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever a local process sends to `serve`'s credentials endpoint, over a raw loopback socket to
 * a running {@link EcsCredentialsServer}: every answer is an HTTP response; the session is given
 * only to a request that carries this run's token (the input stands for it with {@value #TOKEN},
 * which the fuzzer cannot guess otherwise); the connection ends within a deadline; and the right
 * token still gets the session after each input.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class EcsCredentialsServerFuzzTest {
    static final String TOKEN = "@TOKEN@";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");
    private static EcsCredentialsServer server;

    private static synchronized EcsCredentialsServer server() {
        if (server == null) {
            Session session = new Session("ASIAQNZGKIQY2EXAMPLE", SECRET, "IQoJb3JpZ2luX2Vj//token",
                    Instant.now().plus(Duration.ofHours(12)));
            server = new EcsCredentialsServer(0, () -> session);
        }
        return server;
    }

    @AfterAll
    static synchronized void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @FuzzTest
    void request(byte[] input) throws IOException {
        // Jazzer's SSRF detector flags every connection made under test (its setting holds for
        // the calling thread); ours go to the endpoint on loopback only.
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost")
                || host.equals(InetAddress.getLoopbackAddress().getHostAddress()));
        EcsCredentialsServer s = server();
        byte[] request = withToken(input, s.token());
        String reply = new String(exchange(port(s), request), StandardCharsets.ISO_8859_1);
        boolean granted = false;
        if (!reply.isEmpty()) {
            Matcher m = STATUS.matcher(reply);
            assertTrue(m.lookingAt(), "not an HTTP response: " + head(reply));
            do {
                granted |= m.group(1).equals("200");
            } while (m.find());
        }
        boolean presented = indexOf(input, TOKEN.getBytes(StandardCharsets.US_ASCII)) >= 0;
        assertTrue(!granted || presented, "200 to a request without the token: " + head(reply));
        if (!new String(input, StandardCharsets.ISO_8859_1).contains(SECRET)) {
            assertEquals(granted, reply.contains(SECRET), "the secret without a 200, or a 200 without it");
        }
        String check = new String(exchange(port(s), ("GET " + EcsCredentialsServer.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + s.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.ISO_8859_1);
        assertTrue(check.startsWith("HTTP/1.1 200 ") && check.contains(SECRET),
                "the right token no longer gets the session: " + head(check));
    }

    private static int port(EcsCredentialsServer s) {
        return URI.create(s.uri()).getPort();
    }

    /** Sends the bytes, closes our side, and reads until the server closes, within the deadline. */
    private static byte[] exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) DEADLINE.toMillis());
            socket.setSoTimeout((int) DEADLINE.toMillis());
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // The server stopped reading (a request it refused); its answer is still there to read.
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server held the connection past " + DEADLINE + " after "
                            + reply.size() + " bytes", e);
                } catch (IOException reset) {
                    return reply.toByteArray();
                }
                if (n < 0) {
                    return reply.toByteArray();
                }
                reply.write(buffer, 0, n);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the server was still sending after " + DEADLINE);
                }
            }
        }
    }

    private static byte[] withToken(byte[] input, String token) {
        byte[] placeholder = TOKEN.getBytes(StandardCharsets.US_ASCII);
        byte[] real = token.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 64);
        int from = 0;
        for (int at = indexOf(input, placeholder, 0); at >= 0; at = indexOf(input, placeholder, from)) {
            out.write(input, from, at - from);
            out.writeBytes(real);
            from = at + placeholder.length;
        }
        out.write(input, from, input.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String head(String reply) {
        return reply.length() > 200 ? reply.substring(0, 200) + "…" : reply;
    }

    /**
     * Writes the requests real clients send (bench/fuzz --seeds): curl, the JDK's HttpClient and
     * botocore's container credentials fetcher, each captured on a loopback socket with the
     * token placeholder as their Authorization, plus requests a hostile local process would send.
     */
    public static void main(String[] args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + EcsCredentialsServer.PATH;
            capture(listener, "curl", () -> new ProcessBuilder("curl", "-s", "-m", "5", "-H", "Authorization: " + TOKEN,
                    url).start().waitFor());
            capture(listener, "jdk-httpclient", () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", TOKEN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()));
            capture(listener, "botocore", () -> new ProcessBuilder("python3", "-c",
                    "import sys, botocore.utils as u\n"
                            + "try:\n u.ContainerMetadataFetcher().retrieve_full_uri(sys.argv[1],"
                            + " headers={'Authorization': sys.argv[2]})\nexcept Exception:\n pass\n", url, TOKEN)
                    .start().waitFor());
        }
        String get = "GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TOKEN + "\r\n\r\n";
        for (String[] seed : List.of(
                new String[] {"no-token", "GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
                new String[] {"wrong-path", get.replace("/credentials", "/credentials/../etc/passwd")},
                new String[] {"post-with-body", "POST /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TOKEN
                        + "\r\nContent-Length: 5\r\n\r\nhello"},
                new String[] {"http-1.0-absolute-form", "GET http://127.0.0.1/credentials?x=1 HTTP/1.0\r\nAuthorization: "
                        + TOKEN + "\r\n\r\n"},
                new String[] {"pipelined", get + get},
                new String[] {"two-authorizations", "GET /credentials HTTP/1.1\r\nAuthorization: wrong\r\nAuthorization: "
                        + TOKEN + "\r\n\r\n"},
                new String[] {"chunked", "POST /credentials HTTP/1.1\r\nAuthorization: " + TOKEN
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
                new String[] {"bare-newlines-and-folding", "GET /credentials HTTP/1.1\nAuthorization:\n " + TOKEN + "\n\n"},
                new String[] {"half-a-request", "GET /credentials HTTP/1.1\r\nAuthori"})) {
            FuzzSeeds.write(EcsCredentialsServerFuzzTest.class, "request", seed[0], seed[1]);
        }
    }

    private interface Client {
        void run() throws Exception;
    }

    /** Runs {@code client} against {@code listener}, records the request head it sent, answers 404. */
    private static void capture(ServerSocket listener, String name, Client client) throws Exception {
        Thread t = new Thread(() -> {
            try {
                client.run();
            } catch (Exception e) {
                // It got our 404, or gave up; the request is what we keep.
            }
        });
        t.start();
        listener.setSoTimeout(10_000);
        try (Socket s = listener.accept()) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            FuzzSeeds.write(EcsCredentialsServerFuzzTest.class, "request", name, head.toByteArray());
        }
        t.join(10_000);
    }
}
