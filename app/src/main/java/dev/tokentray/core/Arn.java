package dev.tokentray.core;

/** The parts of an AWS ARN that faces show: the account and the resource's own name. */
public final class Arn {
    private Arn() {
    }

    /** "123456789012" of {@code arn:aws:iam::123456789012:role/x}; null for anything else (a hardware token's serial). */
    public static String account(String arn) {
        String[] parts = parts(arn);
        return parts != null && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    /** "alice" of {@code arn:aws:iam::123456789012:mfa/alice}, "deploy" of {@code …:role/ci/deploy}; {@code arn} itself when it is none. */
    public static String name(String arn) {
        String[] parts = parts(arn);
        return parts == null ? arn : parts[5].substring(parts[5].lastIndexOf('/') + 1);
    }

    private static String[] parts(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts : null;
    }
}
