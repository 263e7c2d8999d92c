package dev.tokentray.mfa.oath;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The OATH access key: PBKDF2-HMAC-SHA1(password as UTF-8, the applet's salt, 1000, 16 bytes). */
final class PasswordKey {
    private static final int ITERATIONS = 1000;
    private static final int KEY_BITS = 128;

    private PasswordKey() {
    }

    /** Derives the key; the caller wipes both the password and the result. */
    static byte[] derive(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, KEY_BITS);
        try {
            // SunJCE's PBKDF2 encodes the char[] as UTF-8, as the YubiKey tools do.
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA1 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this Java runtime", e);
        }
    }

    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
