package dev.tokentray.core;

import java.time.Duration;

/** Time left as people read it in a menu: {@code 42m}, {@code 3h 05m}, {@code 0m}. */
public final class Countdown {
    private Countdown() {
    }

    public static String format(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "expired";
        }
        long minutes = left.toMinutes();
        if (minutes < 60) {
            return minutes + "m";
        }
        return String.format("%dh %02dm", minutes / 60, minutes % 60);
    }

    /** A session's length as people say it: {@code 15m}, {@code 4h}, {@code 1h 30m}. */
    public static String length(Duration length) {
        long minutes = length.toMinutes();
        if (minutes < 60) {
            return minutes + "m";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes / 60 + "h " + minutes % 60 + "m";
    }
}
