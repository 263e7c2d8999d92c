package dev.tokentray.sts;

import java.util.Arrays;

/** Long-lived keys on their way to STS; close wipes the secret. */
public final class AccessKeyPair implements AutoCloseable {
    private final String accessKeyId;
    private final char[] secret;

    public AccessKeyPair(String accessKeyId, char[] secret) {
        this.accessKeyId = accessKeyId;
        this.secret = secret.clone();
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    char[] secret() {
        return secret;
    }

    @Override
    public void close() {
        Arrays.fill(secret, '\0');
    }

    @Override
    public String toString() {
        return "AccessKeyPair[" + accessKeyId + "]";
    }
}
