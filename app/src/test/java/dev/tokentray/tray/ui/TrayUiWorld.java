package dev.tokentray.tray.ui;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.SettingsFile;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.StsCheckingProxy;
import dev.tokentray.testing.TestHome;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.tray.login.LoginItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * What the window and dialog tests share: moto behind the MFA-checking proxy with an IAM user
 * alice (virtual MFA device) and a role, a vault holding alice's keys, and the tray's views over
 * a real engine.
 */
public final class TrayUiWorld implements AutoCloseable {
    public static final String PASSWORD = "vault-pw";
    /** Two profiles that name each other as source_profile: neither can ever be unlocked. */
    public static final String BROKEN_LOOP = "[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n"
            + "[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n";

    public final StsCheckingProxy proxy;
    public final String serial;
    /** moto's IAM, and alice's IAM user name and first access key id (rotation tests look at them). */
    public final AwsWorld aws;
    public final String user;
    public final String aliceKeyId;
    /** The ARN of the role the profile admin assumes with alice's keys. */
    public final String adminRole;
    public final byte[] seed = new byte[20];
    private final String config;
    public final TestHome home;
    public final Tokentray engine;
    final ProfileActions actions;
    final Views views;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final ExecutorService worker = Executors.newCachedThreadPool();
    /** The settings the views run with, in the home's settings.properties, as the tray keeps them. */
    final SettingsFile settings;

    public TrayUiWorld(MotoServer moto, Path dir) throws IOException {
        this(moto, dir, Map.of());
    }

    /** @param env more environment for the engine (BROWSER, TOKENTRAY_FEDERATION_ENDPOINT…) */
    public TrayUiWorld(MotoServer moto, Path dir, Map<String, String> env) throws IOException {
        proxy = new StsCheckingProxy(moto.port());
        AwsWorld world = aws = new AwsWorld(moto.endpoint());
        AccessKey alice = world.user("alice-" + Long.toHexString(new SecureRandom().nextLong()));
        user = alice.userName();
        aliceKeyId = alice.accessKeyId();
        serial = world.mfaDevice(user);
        new SecureRandom().nextBytes(seed);
        proxy.addDevice(serial, seed);
        String admin = adminRole = world.role("admin-" + user);
        home = new TestHome(dir)
                .set("AWS_ENDPOINT_URL_STS", proxy.endpoint())
                .set("AWS_ENDPOINT_URL_IAM", moto.endpoint().toString())
                .set("AWS_REGION", "us-east-1")
                .setAll(env)
                .config(config = "[profile alice]\nmfa_serial = " + serial + "\n"
                        + "[profile admin]\nrole_arn = " + admin + "\nsource_profile = alice\n");
        engine = new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), warnings::add);
        engine.addKeys("alice", alice.accessKeyId(), alice.secretAccessKey().toCharArray(), PASSWORD.toCharArray());
        actions = new ProfileActions(engine, new UnlockedState(engine, warnings::add));
        settings = SettingsFile.load(home.tokentrayHome());
        views = new Views(actions, worker, Clock.systemUTC(), settings, LoginItem.forThisOs(home.env(), "tokentray"));
        actions.attach(views, null);
        // As TrayApp does: what the YubiKey is doing shows in the open dialog.
        actions.state().mfaNotices((profile, notice) -> javafx.application.Platform.runLater(
                () -> views.mfaNotice(profile, notice)));
    }

    /** Adds {@code sections} (profiles in the config's own syntax) at the end of the config file. */
    public void addProfiles(String sections) throws IOException {
        Files.writeString(home.configFile(), Files.readString(home.configFile()) + sections);
    }

    /** A profile ops: admin's role again, on alice's keys (a second role of the same user). */
    public String opsProfile() {
        return "[profile ops]\nrole_arn = " + adminRole + "\nsource_profile = alice\n";
    }

    /** Puts a session of {@code profile} in the cache, made just now and ending after {@code left}. */
    public void cacheSession(String profile, String accessKeyId, Duration left) {
        engine.sessionCache().put(SessionCache.profileKey(profile), new Session(accessKeyId, "secret-" + profile,
                "token-" + profile, Instant.now().plus(left)));
    }

    /** alice's MFA code comes from the YubiKey with this serial (her OATH account matches her device). */
    public void useYubikey(String keySerial) {
        home.config(config.replace("[profile alice]\n", "[profile alice]\nyubikey_serial = " + keySerial + "\n"));
    }

    /** The OATH account name AWS gives alice's virtual device when it is set up on a YubiKey. */
    public String oathAccount() {
        String[] arn = serial.split(":");
        return "Amazon Web Services:" + arn[5].substring(arn[5].indexOf('/') + 1) + "@" + arn[4];
    }

    public String code() {
        return proxy.currentCode(serial);
    }

    /**
     * The device's code once it differs from every code already accepted: a person typing a
     * second code in the same 30-second step would wait for the next one too.
     */
    public String unusedCode() throws InterruptedException {
        for (int i = 0; i < 70; i++) {
            String code = code();
            if (!proxy.acceptedCodes().contains(code)) {
                return code;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the MFA device showed no new code in 35 s");
    }

    @Override
    public void close() {
        worker.shutdownNow();
        proxy.close();
    }
}
