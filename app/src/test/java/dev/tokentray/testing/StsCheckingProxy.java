package dev.tokentray.testing;

import com.fasterxml.jackson.jr.ob.JSON;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in front of moto for STS and IAM and checks what moto does not, as AWS would:
 * <ul>
 * <li>every TokenCode must be a code of the virtual MFA device registered for its SerialNumber,
 *     for the current 30-second step or the one before or after it, and no code is taken twice;</li>
 * <li>AssumeRole of a role whose trust policy asks for {@code aws:MultiFactorAuthPresent} is refused
 *     unless MFA is present: a valid code sent with the call, or credentials that were themselves
 *     made with MFA (a GetSessionToken session made with a code, or a role session made with MFA,
 *     which its own role sessions inherit);</li>
 * <li>a request signed more than 5 minutes away from the proxy's clock (its X-Amz-Date) is refused
 *     with AWS's "Signature expired" / "Signature not yet current".</li>
 * </ul>
 * Every request is recorded ({@link Request}: the action, the serial and code sent, the access key
 * id that signed it, what became of it and the credentials its reply handed out). moto's
 * GetSessionToken hands every caller one fixed AKIA example key; the proxy gives each such session
 * an access key id of its own, ASIA… as AWS's are, so that a call signed with an MFA session can be
 * told from one signed with the long-lived keys. Requests are otherwise forwarded byte-for-byte
 * (Host header included) so moto can still verify SigV4 signatures.
 *
 * <p>The clock the codes and signatures are checked against is the real one unless a test sets
 * another ({@link #clock(Clock)}), to agree with a tokentray run under libfaketime. A failure of the
 * proxy itself is answered 500 and kept ({@link #failures()}) so the test can report it.
 */
public final class StsCheckingProxy implements AutoCloseable {
    /** AWS refuses a signature dated further than this from its own clock. */
    public static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern SIGNER = Pattern.compile("Credential=([A-Z0-9]+)/");
    private static final char[] KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** Credentials a reply handed out. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    }

    /**
     * One request as it reached the proxy: when (by the proxy's clock), its Action, the SerialNumber
     * and TokenCode it carried (null when none), the access key id that signed it, the HTTP status
     * it got, why the proxy refused it (null when it was forwarded) and what its reply issued (null
     * for calls that issue no credentials), and the DurationSeconds it asked for (null when none).
     */
    public record Request(Instant at, String action, String serial, String code, String keyId, int status,
                          String refusal, Issued issued, Integer durationSeconds) {
        public boolean accepted() {
            return status == 200;
        }
    }

    private final int motoPort;
    private final AwsWorld aws;
    private final HttpServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> devices = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = Collections.synchronizedSet(new HashSet<>());
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acceptedCodes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    /** Access key ids of sessions made with MFA. AWS remembers its sessions: kept across {@link #reset()}. */
    private final Set<String> mfaSessions = ConcurrentHashMap.newKeySet();
    private volatile Clock clock = Clock.systemUTC();

    public StsCheckingProxy(int motoPort) throws IOException {
        this.motoPort = motoPort;
        this.aws = new AwsWorld(java.net.URI.create("http://127.0.0.1:" + motoPort));
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

    /** Checks codes and signatures against {@code clock} from now on (until {@link #reset()}). */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** The code the device shows now, by the proxy's clock. */
    public String currentCode(String serial) {
        return Totp.code(devices.get(serial), clock.instant().getEpochSecond());
    }

    /** How many requests for {@code action} reached the proxy, refused ones included. */
    public int calls(String action) {
        return requests(action).size();
    }

    /** Every request so far, in the order they arrived. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String action) {
        return requests().stream().filter(r -> r.action().equals(action)).toList();
    }

    /** The one request for {@code action}; fails the test when there were none or several. */
    public Request only(String action) {
        List<Request> matching = requests(action);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + action + " request, got " + matching.size() + ": " + requests());
        }
        return matching.get(0);
    }

    public List<String> acceptedCodes() {
        return List.copyOf(acceptedCodes);
    }

    /** What went wrong inside the proxy itself (not a refusal): empty unless the fixture is broken. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Forgets the records and used codes, and goes back to the real clock. */
    public void reset() {
        requests.clear();
        usedCodes.clear();
        acceptedCodes.clear();
        failures.clear();
        clock = Clock.systemUTC();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant now = clock.instant();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "(none)");
            String serial = form.get("SerialNumber");
            String code = form.get("TokenCode");
            Integer asked = form.containsKey("DurationSeconds") ? Integer.valueOf(form.get("DurationSeconds")) : null;
            String keyId = signer(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Refusal refusal = refusal(exchange, now, form, action, serial, code, keyId);
                if (refusal != null) {
                    requests.add(new Request(now, action, serial, code, keyId, 403, refusal.message, null, asked));
                    refuse(exchange, refusal);
                    return;
                }
                Reply reply = forward(exchange, body);
                Issued issued = null;
                if (reply.status == 200 && reply.body.contains("<Credentials>")) {
                    if (action.equals("GetSessionToken")) {
                        reply = reply.withAccessKeyId(newSessionKeyId());
                    }
                    issued = issued(reply.body);
                    if (mfaPresent(serial, code, keyId)) {
                        mfaSessions.add(issued.accessKeyId());
                    }
                }
                requests.add(new Request(now, action, serial, code, keyId, reply.status, null, issued, asked));
                reply(exchange, reply.status, reply.body.getBytes(StandardCharsets.UTF_8), reply.headers);
            } catch (RuntimeException | IOException e) {
                String failure = action + ": " + e;
                failures.add(failure);
                requests.add(new Request(now, action, serial, code, keyId, 500, "proxy failure: " + failure, null, asked));
                reply(exchange, 500, ("StsCheckingProxy failed: " + failure).getBytes(StandardCharsets.UTF_8),
                        Map.of("Content-Type", "text/plain"));
            }
        }
    }

    /** Why AWS would refuse this request, or null to forward it to moto. */
    private Refusal refusal(HttpExchange exchange, Instant now, Map<String, String> form, String action, String serial,
                            String code, String keyId) {
        Refusal skewed = signatureTime(exchange.getRequestHeaders().getFirst("X-Amz-Date"), now);
        if (skewed != null) {
            return skewed;
        }
        if (code != null || serial != null) {
            String problem = check(serial, code, now);
            if (problem != null) {
                return new Refusal("AccessDenied", problem);
            }
        }
        if (action.equals("AssumeRole")) {
            String roleArn = form.get("RoleArn");
            Optional<String> policy = aws.trustPolicy(roleArn);
            if (policy.isEmpty()) {
                return new Refusal("AccessDenied", notAuthorized(keyId, roleArn) + " (no such role)");
            }
            if (requiresMfa(policy.get()) && !mfaPresent(serial, code, keyId)) {
                return new Refusal("AccessDenied", notAuthorized(keyId, roleArn)
                        + " (its trust policy requires aws:MultiFactorAuthPresent)");
            }
        }
        return null;
    }

    private static String notAuthorized(String keyId, String roleArn) {
        return "User with key " + keyId + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
    }

    /** MFA is present when a code was sent (the request got here only if it was valid) or the signer was made with MFA. */
    private boolean mfaPresent(String serial, String code, String keyId) {
        return (serial != null && code != null) || (keyId != null && mfaSessions.contains(keyId));
    }

    /** AWS's own refusal of a signature dated more than 5 minutes from its clock, word for word. */
    private static Refusal signatureTime(String amzDate, Instant now) {
        if (amzDate == null) {
            return null;
        }
        Instant signed;
        try {
            signed = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return new Refusal("IncompleteSignature", "X-Amz-Date " + amzDate + " is not a date");
        }
        if (signed.isBefore(now.minus(SIGNATURE_WINDOW))) {
            return new Refusal("SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(SIGNATURE_WINDOW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signed.isAfter(now.plus(SIGNATURE_WINDOW))) {
            return new Refusal("SignatureDoesNotMatch", "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(SIGNATURE_WINDOW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        return null;
    }

    private synchronized String check(String serial, String code, Instant now) {
        byte[] seed = serial == null ? null : devices.get(serial);
        if (seed == null) {
            return "MultiFactorAuthentication failed: unknown device " + serial;
        }
        if (code == null) {
            return "MultiFactorAuthentication failed: SerialNumber without TokenCode.";
        }
        long seconds = now.getEpochSecond();
        boolean valid = false;
        for (long t = seconds - 30; t <= seconds + 30; t += 30) {
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

    /**
     * Whether the trust policy lets a caller assume the role only with MFA: every statement that
     * allows sts:AssumeRole has the condition Bool aws:MultiFactorAuthPresent = true. Principals are
     * not checked (the test roles trust anyone; moto weighs principals itself under auth). A
     * condition this stand-in cannot weigh fails loudly rather than being guessed at.
     */
    static boolean requiresMfa(String policy) {
        Map<String, Object> document;
        try {
            document = JSON.std.mapFrom(policy);
        } catch (IOException e) {
            throw new IllegalStateException("a trust policy that is not JSON: " + policy, e);
        }
        boolean allows = false;
        for (Object statement : list(document.get("Statement"))) {
            Map<?, ?> s = (Map<?, ?>) statement;
            if (!"Allow".equals(s.get("Effect")) || !list(s.get("Action")).contains("sts:AssumeRole")) {
                continue;
            }
            allows = true;
            Object condition = s.get("Condition");
            if (condition == null) {
                return false;
            }
            Map<?, ?> bool = ((Map<?, ?>) condition).size() == 1 ? (Map<?, ?>) ((Map<?, ?>) condition).get("Bool") : null;
            if (bool == null || bool.size() != 1 || !bool.containsKey("aws:MultiFactorAuthPresent")) {
                throw new IllegalStateException("a trust policy condition the proxy does not evaluate: " + condition);
            }
            if (!list(bool.get("aws:MultiFactorAuthPresent")).stream().map(String::valueOf).toList().equals(List.of("true"))) {
                return false;
            }
        }
        if (!allows) {
            throw new IllegalStateException("a trust policy that allows no sts:AssumeRole: " + policy);
        }
        return true;
    }

    private static List<?> list(Object value) {
        return value instanceof Collection<?> c ? List.copyOf(c) : value == null ? List.of() : List.of(value);
    }

    private static String signer(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = SIGNER.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }

    private String newSessionKeyId() {
        StringBuilder id = new StringBuilder("ASIA");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_CHARS[random.nextInt(KEY_ID_CHARS.length)]);
        }
        return id.toString();
    }

    private static Issued issued(String xml) {
        return new Issued(element(xml, "AccessKeyId"), element(xml, "SecretAccessKey"), element(xml, "SessionToken"),
                Instant.parse(element(xml, "Expiration")));
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in the reply: " + xml);
        }
        return m.group(1);
    }

    private record Refusal(String code, String message) {
    }

    private static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        reply(exchange, 403, ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<Error><Type>Sender</Type><Code>" + refusal.code + "</Code><Message>" + refusal.message
                + "</Message></Error><RequestId>proxy</RequestId></ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/xml"));
    }

    /** moto's reply: status, headers and the body, de-chunked. */
    private record Reply(int status, Map<String, String> headers, String body) {
        Reply withAccessKeyId(String id) {
            String old = element(body, "AccessKeyId");
            return new Reply(status, headers, body.replace("<AccessKeyId>" + old + "</AccessKeyId>",
                    "<AccessKeyId>" + id + "</AccessKeyId>"));
        }
    }

    private Reply forward(HttpExchange exchange, byte[] body) throws IOException {
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
            return parse(moto.getInputStream().readAllBytes());
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
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
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        // The JDK's server adds the Date header itself, from the real clock.
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
