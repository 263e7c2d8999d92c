package dev.tokentray.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms in which earlier builds of tokentray may have stored a password with non-ASCII
 * characters. They decoded the terminal and TOKENTRAY_VAULT_PASSWORD with the locale's charset
 * (the JVM's default on JDK 17), while terminals send UTF-8 whatever the locale says. Measured
 * with such a build, for "äöü" typed or set as UTF-8 bytes (C3 A4 C3 B6 C3 BC): under LC_ALL=C every byte
 * above 0x7F became U+FFFD (six of them, which "ßßß" gives as well); under a Latin-1 locale every
 * byte became the Latin-1 character of that value ("Ã¤Ã¶Ã¼"). Standard input was already read
 * as UTF-8. So the legacy forms are the password's UTF-8 bytes decoded, replacing what does not
 * decode, as US-ASCII, as ISO-8859-1, and as this machine's locale charset (the vault may have
 * been made under another locale than today's).
 */
final class LegacyPasswords {
    private LegacyPasswords() {
    }

    /** The legacy forms of {@code password} that differ from it; none for an ASCII password. The caller wipes them. */
    static List<char[]> of(char[] password) {
        if (isAscii(password)) {
            return List.of();
        }
        Set<Charset> charsets = new LinkedHashSet<>(List.of(StandardCharsets.US_ASCII, StandardCharsets.ISO_8859_1));
        Charset locale = localeCharset();
        if (locale != null) {
            charsets.add(locale);
        }
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        List<char[]> forms = new ArrayList<>();
        try {
            for (Charset charset : charsets) {
                // Charset.decode replaces what does not decode, as the JDK's readers did.
                CharBuffer decoded = charset.decode(utf8.duplicate());
                char[] form = new char[decoded.remaining()];
                decoded.get(form);
                Arrays.fill(decoded.array(), '\0');
                if (Arrays.equals(form, password) || forms.stream().anyMatch(f -> Arrays.equals(f, form))) {
                    Arrays.fill(form, '\0');
                } else {
                    forms.add(form);
                }
            }
        } finally {
            Arrays.fill(utf8.array(), (byte) 0);
        }
        return forms;
    }

    private static boolean isAscii(char[] chars) {
        for (char c : chars) {
            if (c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The locale's charset as the JVM found it at start-up (JDK 17's default charset), or null. */
    private static Charset localeCharset() {
        String name = System.getProperty("native.encoding");
        try {
            return name == null ? null : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
