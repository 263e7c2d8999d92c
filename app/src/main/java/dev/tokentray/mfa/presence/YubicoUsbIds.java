package dev.tokentray.mfa.presence;

import java.util.Set;

/**
 * Yubico's USB ids. A key is seen over HID only through its OTP or FIDO interface, and gives OATH
 * codes only with its CCID interface enabled, so the ids that matter carry both.
 */
public final class YubicoUsbIds {
    public static final int VENDOR = 0x1050;

    /**
     * NEO: 0x0111 OTP+CCID, 0x0115 FIDO+CCID, 0x0116 OTP+FIDO+CCID; YubiKey 4/5: 0x0405 OTP+CCID,
     * 0x0406 FIDO+CCID, 0x0407 OTP+FIDO+CCID (CCID-only keys have no HID interface to see).
     */
    private static final Set<Integer> HID_AND_CCID = Set.of(0x0111, 0x0115, 0x0116, 0x0405, 0x0406, 0x0407);

    private YubicoUsbIds() {
    }

    public static boolean givesOathCodes(int vendorId, int productId) {
        return vendorId == VENDOR && HID_AND_CCID.contains(productId);
    }
}
