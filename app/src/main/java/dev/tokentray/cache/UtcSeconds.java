package dev.tokentray.cache;

/**
 * Formats epoch seconds as ISO-8601 UTC ({@code 2026-11-23T18:04:05Z}) without java.time's
 * formatter or String.format, whose initialisation is a measurable part of the shim's start-up. The civil-date
 * arithmetic is Howard Hinnant's days_from_civil inverse; tests compare it with java.time.
 */
public final class UtcSeconds {
    private UtcSeconds() {
    }

    public static String format(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        long secondOfDay = Math.floorMod(epochSecond, 86_400);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(20);
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2).append('Z');
        return out.toString();
    }

    // Not String.format: its Formatter pulls in locale data, another start-up cost.
    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
