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
    public final AccessKey alice;
    public final String serial;
    public final byte[] seed = new byte[20];

    public MfaWorld(MotoServer moto) throws IOException {
        proxy = new StsCheckingProxy(moto.port());
        aws = new AwsWorld(moto.endpoint());
        alice = aws.user("alice");
        serial = aws.mfaDevice("alice");
        new SecureRandom().nextBytes(seed);
        proxy.addDevice(serial, seed);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
