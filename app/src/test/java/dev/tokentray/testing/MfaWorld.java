package dev.tokentray.testing;

import java.io.IOException;
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

    public MfaWorld(MotoServer moto) throws IOException {
        this(moto, "alice");
    }

    public MfaWorld(MotoServer moto, String userName) throws IOException {
        proxy = new StsCheckingProxy(moto.port());
        aws = new AwsWorld(moto.endpoint());
        user = userName;
        alice = aws.user(userName);
        serial = aws.mfaDevice(userName);
        new SecureRandom().nextBytes(seed);
        proxy.addDevice(serial, seed);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
