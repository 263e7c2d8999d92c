package dev.tokentray.mfa;

/** The code given with {@code --mfa-code}. */
public final class FixedMfaCode implements MfaCodeSource {
    private final String code;

    public FixedMfaCode(String code) {
        this.code = code;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        return retry ? null : code;
    }

    @Override
    public boolean canRetry() {
        return false;
    }
}
