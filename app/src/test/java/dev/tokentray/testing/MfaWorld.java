package dev.tokentray.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * moto behind the MFA-checking proxy, with alice: an IAM user with long-lived keys and a virtual
 * MFA device whose (random) seed the proxy checks every TokenCode against. Roles on request, which
 * may be assumed with MFA only. tokentray's STS and IAM calls both go through the proxy.
 *
 * <p>For the tests of one class, register it with
 * {@code @RegisterExtension static MfaWorld world = new MfaWorld("admin");}: it starts a moto of its
 * own before the class (with the named roles), empties the proxy's records before every test, fails
 * a test in which the proxy itself failed, and stops both after the class. A test that needs a
 * world of its own builds one on a running moto with {@link #MfaWorld(MotoServer, String)} and
 * closes it.
 */
public final class MfaWorld implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    public final MotoServer moto;
    private final boolean ownsMoto;
    private final String[] roles;
    /** The IAM user's name: alice unless a test needs a user of its own. */
    public final String user;
    public final byte[] seed = new byte[20];
    public StsCheckingProxy proxy;
    public AwsWorld aws;
    public AccessKey alice;
    public String serial;

    /** The per-class form: a moto of its own, user alice, and these roles (anyone may assume them with MFA). */
    public MfaWorld(String... roles) {
        this.moto = new MotoServer();
        this.ownsMoto = true;
        this.roles = roles;
        this.user = "alice";
    }

    /** The per-class form with another user name. */
    public static MfaWorld withUser(String userName, String... roles) {
        return new MfaWorld(new MotoServer(), true, userName, roles);
    }

    /** A world built now on a running moto, for one test; the caller closes it. */
    public MfaWorld(MotoServer moto, String userName) throws IOException {
        this(moto, false, userName, new String[0]);
        build();
    }

    private MfaWorld(MotoServer moto, boolean ownsMoto, String userName, String[] roles) {
        this.moto = moto;
        this.ownsMoto = ownsMoto;
        this.roles = roles;
        this.user = userName;
    }

    private void build() throws IOException {
        proxy = new StsCheckingProxy(moto.port());
        aws = new AwsWorld(moto.endpoint());
        alice = aws.user(user);
        serial = aws.mfaDevice(user);
        new SecureRandom().nextBytes(seed);
        proxy.addDevice(serial, seed);
        for (String role : roles) {
            aws.role(role);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownsMoto) {
            moto.start();
        }
        try {
            build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        proxy.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!proxy.failures().isEmpty()) {
            throw new AssertionError("the STS/IAM proxy failed: " + proxy.failures());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
        if (ownsMoto) {
            moto.stop();
        }
    }

    /** The ARN of a role of this world's account. */
    public static String roleArn(String name) {
        return "arn:aws:iam::" + AwsWorld.ACCOUNT + ":role/" + name;
    }

    /**
     * A home in {@code dir} whose STS and IAM calls go through the proxy,
     * region us-east-1, vault password "vault-pw" (for automation, as TOKENTRAY_VAULT_PASSWORD).
     */
    public TestHome home(Path dir) {
        return new TestHome(dir)
                .set("TOKENTRAY_VAULT_PASSWORD", "vault-pw")
                .set("AWS_ENDPOINT_URL_STS", proxy.endpoint())
                .set("AWS_ENDPOINT_URL_IAM", proxy.endpoint())
                .set("AWS_REGION", "us-east-1");
    }

    /** Stores alice's keys in {@code home}'s vault as {@code profile}, with `tokentray add`. */
    public void addKeys(TestHome home, String profile) {
        TestHome.Run added = home.binary(alice.secretAccessKey() + "\n", "add", profile, "--access-key-id",
                alice.accessKeyId(), "--secret-stdin");
        if (added.exit() != 0) {
            throw new AssertionError("cannot add alice's keys as " + profile + ": " + added);
        }
    }

    /** Stops the proxy; a world built for one test also fails it here if the proxy itself failed. */
    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
            if (!ownsMoto && !proxy.failures().isEmpty()) {
                throw new AssertionError("the STS/IAM proxy failed: " + proxy.failures());
            }
        }
    }
}
