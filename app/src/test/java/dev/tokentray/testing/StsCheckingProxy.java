package dev.tokentray.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in front of moto and checks what moto does not: every TokenCode sent with
 * GetSessionToken or AssumeRole must be the current RFC 6238 code of the virtual MFA device
 * registered for its SerialNumber, and no code may be used twice. It counts STS calls per action.
 * Requests are
 * forwarded byte-for-byte (Host header included) so moto can still verify SigV4 signatures.
 */
public final class StsCheckingProxy implements AutoCloseable {
    private final int motoPort;
    private final HttpServer server;
    private final Map<String, byte[]> devices = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> acceptedCodes = Collections.synchronizedList(new ArrayList<>());

    public StsCheckingProxy(int motoPort) throws IOException {
        this.motoPort = motoPort;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers a virtual MFA device: codes for {@code serial} are checked against {@code seed}. */
    public void addDevice(String serial, byte[] seed) {
        devices.put(serial, seed);
    }

    /** The code the device shows now. */
    public String currentCode(String serial) {
        return Totp.code(devices.get(serial), Instant.now().getEpochSecond());
    }

    public int calls(String action) {
        AtomicInteger n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    public List<String> acceptedCodes() {
        return List.copyOf(acceptedCodes);
    }

    public void reset() {
        calls.clear();
        usedCodes.clear();
        acceptedCodes.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "(none)");
            calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            String code = form.get("TokenCode");
            if (code != null) {
                String problem = check(form.get("SerialNumber"), code);
                if (problem != null) {
                    reply(exchange, 403, ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                            + "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>" + problem
                            + "</Message></Error><RequestId>proxy</RequestId></ErrorResponse>")
                            .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/xml"));
                    return;
                }
            }
            forward(exchange, body);
        }
    }

    private synchronized String check(String serial, String code) {
        byte[] seed = serial == null ? null : devices.get(serial);
        if (seed == null) {
            return "MultiFactorAuthentication failed: unknown device " + serial;
        }
        long now = Instant.now().getEpochSecond();
        boolean valid = false;
        for (long t = now - 30; t <= now + 30; t += 30) {
            valid |= Totp.code(seed, t).equals(code);
        }
        if (!valid) {
            return "MultiFactorAuthentication failed with invalid MFA one time pass code.";
        }
        if (!usedCodes.add(serial + " " + code)) {
            return "MultiFactorAuthentication failed: the code was already used.";
        }
        acceptedCodes.add(code);
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        try (Socket moto = new Socket(InetAddress.getLoopbackAddress(), motoPort)) {
            OutputStream out = moto.getOutputStream();
            StringBuilder head = new StringBuilder(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI().toString()).append(" HTTP/1.1\r\n");
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Connection") && !name.equalsIgnoreCase("Content-Length")
                        && !name.equalsIgnoreCase("Transfer-Encoding")) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            byte[] raw = moto.getInputStream().readAllBytes();
            relay(exchange, raw);
        }
    }

    private void relay(HttpExchange exchange, byte[] raw) throws IOException {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
        if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding"))) {
            body = dechunk(body);
        }
        headers.keySet().removeIf(h -> h.equalsIgnoreCase("Transfer-Encoding") || h.equalsIgnoreCase("Content-Length")
                || h.equalsIgnoreCase("Connection") || h.equalsIgnoreCase("Date"));
        reply(exchange, status, body, headers);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        // The JDK's server adds the Date header itself.
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.read();
            in.read();
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no header end in moto's reply");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
