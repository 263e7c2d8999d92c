package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.StsCheckingProxy.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MFA-checking proxy checks what it claims to, on requests as SigV4 clients send them (form
 * body, Authorization and X-Amz-Date headers), in front of a real moto.
 */
class StsCheckingProxyTest {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static MfaWorld world = new MfaWorld("needs-mfa");
    static String needsMfa = MfaWorld.roleArn("needs-mfa");
    static String noMfa;

    @BeforeAll
    static void roles() {
        noMfa = world.aws.roleWithoutMfa("no-mfa");
    }

    /** What the proxy answered. */
    record Answer(int status, String body) {
        String error() {
            return body.replaceAll("(?s).*<Code>([^<]*)</Code>.*", "$1");
        }
    }

    /** A request as a SigV4 client sends it (the proxy checks no signature: moto may). */
    private static Answer post(String keyId, Instant signedAt, String... params) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            form.put(params[i], params[i + 1]);
        }
        form.put("Version", "2011-06-15");
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String date = AMZ_DATE.format(signedAt);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(world.proxy.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + date.substring(0, 8)
                        + "/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
                        + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static Answer getSessionToken(String code) throws Exception {
        return post(world.alice.accessKeyId(), Instant.now(), "Action", "GetSessionToken", "SerialNumber",
                world.serial, "TokenCode", code);
    }

    private static Answer assumeRole(String keyId, String roleArn, String... mfa) throws Exception {
        String[] params = Stream.concat(Stream.of("Action", "AssumeRole", "RoleArn", roleArn, "RoleSessionName", "t"),
                Stream.of(mfa)).toArray(String[]::new);
        return post(keyId, Instant.now(), params);
    }

    private static Answer ok(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        return answer;
    }

    private static Answer refused(Answer answer, String code, String messagePart) {
        assertEquals(403, answer.status(), answer.body());
        assertEquals(code, answer.error(), answer.body());
        assertTrue(answer.body().contains(messagePart), answer.body());
        return answer;
    }

    /** The last request recorded. */
    private static Request last() {
        List<Request> all = world.proxy.requests();
        return all.get(all.size() - 1);
    }

    @Test
    void aCodeIsRecordedWithItsSerialAndSignerAndTheSessionGetsAnAccessKeyIdOfItsOwn() throws Exception {
        String code = world.proxy.currentCode(world.serial);
        ok(getSessionToken(code));
        Request made = world.proxy.only("GetSessionToken");
        assertEquals(world.serial, made.serial());
        assertEquals(code, made.code());
        assertEquals(world.alice.accessKeyId(), made.keyId(), "the signer, from Authorization's Credential=");
        assertTrue(made.accepted());
        assertNull(made.refusal());
        assertTrue(made.issued().accessKeyId().matches("ASIA[A-Z2-7]{16}"), made.toString());
        assertTrue(made.issued().expiration().isAfter(Instant.now()), made.toString());
        assertEquals(List.of(code), world.proxy.acceptedCodes());

        // moto hands every GetSessionToken caller one fixed key; the proxy tells the sessions apart.
        ok(post(world.alice.accessKeyId(), Instant.now(), "Action", "GetSessionToken"));
        Request plain = world.proxy.requests("GetSessionToken").get(1);
        assertNull(plain.serial());
        assertNull(plain.code());
        assertNotEquals(made.issued().accessKeyId(), plain.issued().accessKeyId());

        ok(post(made.issued().accessKeyId(), Instant.now(), "Action", "GetCallerIdentity"));
        assertEquals(made.issued().accessKeyId(), world.proxy.only("GetCallerIdentity").keyId());
        assertNull(world.proxy.only("GetCallerIdentity").issued());
    }

    @Test
    void aCodeSentTwiceIsRefusedTheSecondTime() throws Exception {
        String code = world.proxy.currentCode(world.serial);
        ok(getSessionToken(code));
        refused(getSessionToken(code), "AccessDenied", "already used");
        Request replay = last();
        assertEquals(403, replay.status());
        assertEquals(code, replay.code());
        assertTrue(replay.refusal().contains("already used"), replay.toString());
        assertNull(replay.issued());
        assertEquals(List.of(code), world.proxy.acceptedCodes(), "counted once");
        assertEquals(2, world.proxy.calls("GetSessionToken"), "both reached the proxy");
    }

    /** AWS takes the code of the current 30-second step and of the step on either side, no further. */
    @Test
    void codesOneStepOffAreAcceptedAndTwoStepsOffAreRefused() throws Exception {
        Instant now = Instant.now();
        world.proxy.clock(Clock.fixed(now, ZoneOffset.UTC));
        // A device of this test's own whose five codes around now all differ, so each step is told apart.
        String serial = "arn:aws:iam::" + AwsWorld.ACCOUNT + ":mfa/window";
        byte[] seed = new byte[20];
        long t = now.getEpochSecond();
        do {
            new SecureRandom().nextBytes(seed);
        } while (Stream.of(-60, -30, 0, 30, 60).map(d -> Totp.code(seed, t + d)).distinct().count() < 5);
        world.proxy.addDevice(serial, seed);

        for (int offset : List.of(-60, 60)) {
            refused(post(world.alice.accessKeyId(), now, "Action", "GetSessionToken", "SerialNumber", serial,
                    "TokenCode", Totp.code(seed, t + offset)), "AccessDenied", "invalid MFA one time pass code");
        }
        for (int offset : List.of(-30, 30, 0)) {
            ok(post(world.alice.accessKeyId(), now, "Action", "GetSessionToken", "SerialNumber", serial,
                    "TokenCode", Totp.code(seed, t + offset)));
        }
        assertEquals(List.of(Totp.code(seed, t - 30), Totp.code(seed, t + 30), Totp.code(seed, t)),
                world.proxy.acceptedCodes());
    }

    @Test
    void aWrongCodeAndAnUnknownDeviceAreRefused() throws Exception {
        Instant now = Instant.now();
        world.proxy.clock(Clock.fixed(now, ZoneOffset.UTC));
        Set<String> window = new HashSet<>();
        for (int d = -30; d <= 30; d += 30) {
            window.add(Totp.code(world.seed, now.getEpochSecond() + d));
        }
        String wrong = Stream.iterate(0, i -> i + 1).map(i -> String.format("%06d", i)).filter(c -> !window.contains(c))
                .findFirst().orElseThrow();
        refused(getSessionToken(wrong), "AccessDenied", "invalid MFA one time pass code");
        assertEquals(wrong, last().code());
        refused(post(world.alice.accessKeyId(), now, "Action", "GetSessionToken", "SerialNumber",
                "arn:aws:iam::" + AwsWorld.ACCOUNT + ":mfa/nobody", "TokenCode", world.proxy.currentCode(world.serial)),
                "AccessDenied", "unknown device");
        refused(post(world.alice.accessKeyId(), now, "Action", "GetSessionToken", "TokenCode",
                world.proxy.currentCode(world.serial)), "AccessDenied", "unknown device");
        assertEquals(List.of(), world.proxy.acceptedCodes());
        assertEquals(0, world.proxy.requests().stream().filter(Request::accepted).count());
    }

    /** A role whose trust policy asks for MFA is assumed with a code, or with credentials made with one. */
    @Test
    void aRoleThatRequiresMfaIsRefusedWithoutIt() throws Exception {
        refused(assumeRole(world.alice.accessKeyId(), needsMfa), "AccessDenied",
                "is not authorized to perform: sts:AssumeRole on resource: " + needsMfa);
        assertTrue(last().refusal().contains("aws:MultiFactorAuthPresent"), last().toString());
        ok(assumeRole(world.alice.accessKeyId(), noMfa));

        ok(assumeRole(world.alice.accessKeyId(), needsMfa, "SerialNumber", world.serial, "TokenCode",
                world.proxy.currentCode(world.serial)));
        Request direct = last();
        assertEquals(world.serial, direct.serial());
        assertTrue(direct.issued().accessKeyId().startsWith("ASIA"), direct.toString());
        ok(assumeRole(direct.issued().accessKeyId(), needsMfa));
        assertEquals(direct.issued().accessKeyId(), last().keyId(), "a role session made with MFA carries it");

        ok(post(world.alice.accessKeyId(), Instant.now(), "Action", "GetSessionToken"));
        String withoutMfa = last().issued().accessKeyId();
        refused(assumeRole(withoutMfa, needsMfa), "AccessDenied", "not authorized");
        refused(assumeRole(world.alice.accessKeyId(), MfaWorld.roleArn("no-such-role")), "AccessDenied",
                "no such role");
    }

    @Test
    void aSignatureMoreThanFiveMinutesOffTheProxysClockIsRefusedAsAwsDoes() throws Exception {
        // X-Amz-Date has whole seconds: a clock on a whole second puts the edges exactly at +-5 min.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        world.proxy.clock(Clock.fixed(now, ZoneOffset.UTC));
        String key = world.alice.accessKeyId();
        ok(post(key, now.minus(Duration.ofMinutes(5)), "Action", "GetCallerIdentity"));
        ok(post(key, now.plus(Duration.ofMinutes(5)), "Action", "GetCallerIdentity"));
        refused(post(key, now.minus(Duration.ofMinutes(5)).minusSeconds(1), "Action", "GetCallerIdentity"),
                "SignatureDoesNotMatch", "Signature expired: " + AMZ_DATE.format(now.minusSeconds(301))
                        + " is now earlier than " + AMZ_DATE.format(now.minusSeconds(300)) + " ("
                        + AMZ_DATE.format(now) + " - 5 min.)");
        refused(post(key, now.plus(Duration.ofMinutes(5)).plusSeconds(1), "Action", "GetCallerIdentity"),
                "SignatureDoesNotMatch", "Signature not yet current: " + AMZ_DATE.format(now.plusSeconds(301))
                        + " is still later than " + AMZ_DATE.format(now.plusSeconds(300)) + " ("
                        + AMZ_DATE.format(now) + " + 5 min.)");
        // A refused signature spends no code.
        String code = world.proxy.currentCode(world.serial);
        refused(post(key, now.minus(Duration.ofMinutes(10)), "Action", "GetSessionToken", "SerialNumber", world.serial,
                "TokenCode", code), "SignatureDoesNotMatch", "Signature expired");
        ok(getSessionToken(code));
    }

    @Test
    void requiresMfaReadsTheTrustPolicyAndRefusesToGuess() {
        String allow = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"},\"Action\":\"sts:AssumeRole\"";
        assertFalse(StsCheckingProxy.requiresMfa("{\"Statement\":[" + allow + "}]}"));
        assertTrue(StsCheckingProxy.requiresMfa("{\"Statement\":" + allow
                + ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}}"));
        assertTrue(StsCheckingProxy.requiresMfa("{\"Statement\":[" + allow
                + ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":[true]}}}]}"));
        assertFalse(StsCheckingProxy.requiresMfa("{\"Statement\":[" + allow
                + ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}," + allow + "}]}"),
                "a second statement lets anyone in without MFA");
        assertThrows(IllegalStateException.class, () -> StsCheckingProxy.requiresMfa("{\"Statement\":[" + allow
                + ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}]}"));
        assertThrows(IllegalStateException.class, () -> StsCheckingProxy.requiresMfa("{\"Statement\":[]}"));
    }

    /** A fault of the fixture is answered 500 and kept for the test, not dropped as a closed connection. */
    @Test
    void aFailureOfTheProxyItselfIsReported() throws Exception {
        String role = new AwsWorld(world.moto.endpoint()).roleWithTrustPolicy("external-id-role",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                        + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}]}");
        Answer answer = assumeRole(world.alice.accessKeyId(), role);
        assertEquals(500, answer.status(), answer.body());
        assertTrue(answer.body().contains("a trust policy condition the proxy does not evaluate"), answer.body());
        assertEquals(1, world.proxy.failures().size(), world.proxy.failures().toString());
        world.proxy.reset(); // the failure was this test's point: do not fail it in MfaWorld's check
    }
}
