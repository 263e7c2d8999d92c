package dev.tokentray.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * moto behind the MFA-checking proxy, with alice: an IAM user with long-lived keys and a virtual
 * MFA device whose (random) seed the proxy checks every TokenCode against. Roles on request.
 */
public final class MfaWorld implements AutoCloseable {
    public final StsCheckingProxy proxy;
    public final AwsWorld aws;
    /** The IAM user's name: alice unless a test needs a user of its own. */
    public final String user;
    public final AccessKey alice;
    public final String serial;
    public final byte[] seed = new byte[20];
    private final String motoEndpoint;

    public MfaWorld(MotoServer moto) throws IOException {
        this(moto, "alice");
    }

    public MfaWorld(MotoServer moto, String userName) throws IOException {
        motoEndpoint = moto.endpoint().toString();
        proxy = new StsCheckingProxy(moto.port());
        aws = new AwsWorld(moto.endpoint());
        user = userName;
        alice = aws.user(userName);
        serial = aws.mfaDevice(userName);
        new SecureRandom().nextBytes(seed);
        proxy.addDevice(serial, seed);
    }

    /**
     * A home in {@code dir} whose STS calls go through the proxy and IAM calls straight to moto,
     * region us-east-1, vault password "vault-pw" (for automation, as TOKENTRAY_VAULT_PASSWORD).
     */
    public TestHome home(Path dir) {
        return new TestHome(dir)
                .set("TOKENTRAY_VAULT_PASSWORD", "vault-pw")
                .set("AWS_ENDPOINT_URL_STS", proxy.endpoint())
                .set("AWS_ENDPOINT_URL_IAM", motoEndpoint)
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

    @Override
    public void close() {
        proxy.close();
    }
}
