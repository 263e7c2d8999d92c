package dev.tokentray.config;

/**
 * How a profile gets its MFA code. All fields may be null: no serial means "look the device up
 * with iam:ListMFADevices" when MFA turns out to be needed.
 */
public record MfaSettings(String serial, String process, String yubikeySerial, String oathAccount) {
    public static final MfaSettings NONE = new MfaSettings(null, null, null, null);

    public boolean hasSerial() {
        return serial != null;
    }
}
