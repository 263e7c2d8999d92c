package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A variable of this process's environment as UTF-8 text, whatever the locale. The JVM decodes
 * the environment before any code of ours runs: on Linux and macOS JDK 17 uses the default
 * charset (the locale's; JDK 18 and later use sun.jnu.encoding), so under LC_ALL=C a password
 * "äöü" set as UTF-8 arrives as six U+FFFD. On Linux the value's bytes are read again from
 * /proc/self/environ and decoded strictly. Windows gives the JVM the environment in UTF-16, which
 * is exact. Elsewhere (macOS: no /proc) the JVM's text is kept when it decoded as UTF-8, which is
 * macOS's default; a non-ASCII value read through another charset cannot be recovered and is
 * refused with what to do instead.
 */
final class EnvironmentText {
    private static final Path ENVIRON = Path.of("/proc/self/environ");

    private EnvironmentText() {
    }

    /**
     * {@code value}, the variable {@code name} as an {@link dev.tokentray.Env} gave it, as UTF-8
     * text. A value that is not this process's own (a caller's map) is already text and is kept.
     */
    static char[] utf8(String name, String value) {
        if (isAscii(value) || !value.equals(System.getenv(name))) {
            // ASCII decodes alike in every charset a locale names, and only non-ASCII bytes can
            // have been replaced, so an ASCII value is exactly what was set.
            return value.toCharArray();
        }
        byte[] raw = rawValue(ENVIRON, name);
        if (raw != null) {
            try {
                return Utf8Lines.decode(raw, raw.length, name);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return value.toCharArray();
        }
        if (isUtf8(Charset.defaultCharset().name()) && isUtf8(System.getProperty("sun.jnu.encoding", ""))) {
            if (value.indexOf('\uFFFD') >= 0) {
                throw Utf8Lines.notUtf8(name);
            }
            return value.toCharArray();
        }
        throw new TokentrayException(name + " holds non-ASCII characters, which Java read through the locale's "
                + Charset.defaultCharset().name() + " and cannot give back; set a UTF-8 locale (e.g."
                + " LANG=en_US.UTF-8) or pass the password with --password-stdin");
    }

    /** The bytes of the first {@code name=} entry of an environ file (as the JVM takes the first), or null. */
    static byte[] rawValue(Path environ, String name) {
        byte[] all;
        try {
            all = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return null;
        }
        try {
            byte[] key = (name + "=").getBytes(StandardCharsets.US_ASCII);
            for (int start = 0; start < all.length; ) {
                int end = start;
                while (end < all.length && all[end] != 0) {
                    end++;
                }
                if (end - start >= key.length && Arrays.equals(all, start, start + key.length, key, 0, key.length)) {
                    return Arrays.copyOfRange(all, start + key.length, end);
                }
                start = end + 1;
            }
            return null;
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean isUtf8(String charset) {
        return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8");
    }
}
