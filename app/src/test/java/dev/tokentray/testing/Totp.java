package dev.tokentray.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP, for the virtual MFA device the test proxy checks codes against. */
public final class Totp {
    private Totp() {
    }

    public static String code(byte[] seed, long unixSeconds, int period, int digits, String hmac) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(seed, hmac));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(unixSeconds / period).array());
            int offset = h[h.length - 1] & 0x0F;
            int truncated = ByteBuffer.wrap(h, offset, 4).getInt() & 0x7FFFFFFF;
            return String.format("%0" + digits + "d", truncated % (int) Math.pow(10, digits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 6-digit, 30-second, SHA-1 code AWS virtual MFA devices use. */
    public static String code(byte[] seed, long unixSeconds) {
        return code(seed, unixSeconds, 30, 6, "HmacSHA1");
    }
}
