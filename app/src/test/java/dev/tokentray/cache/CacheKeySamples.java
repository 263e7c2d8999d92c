package dev.tokentray.cache;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Cache keys to try a naming on: every key tokentray makes (profile:, mfa:, oath-password:) over
 * names that differ only in case, ASCII and not, with '%', '.', escapes spelled out by hand, and
 * random ones. Profile names come from decoded text, so no key holds a lone surrogate.
 */
final class CacheKeySamples {
    private static final String[] PREFIXES = {"profile:", "mfa:arn:aws:iam::123456789012:mfa/", "oath-password:", ""};
    private static final String[] NAMES = {"dev", "Dev", "DEV", "dEv", "prod-EU", "prod-eu", "a%2Eb", "a.b", "A.B",
        "%41", "A", "a", "%61", "%25", "%", "%%", "..", ".x", ".X", "%2Ex", "x/y", "X/Y", "x:y", "", " ", "é", "É",
        "%C3%A9", "%c3%a9", "ß", "ẞ", "SS", "ss", "İ", "ı", "i", "I", "\u212A", "k", "K", "Σ", "σ", "ς", "日本", "中国",
        "??", "\uD83D\uDE00", "a_b", "a-b", "tokentray-split:1:2", "Zz", "zZ"};
    private static final String ALPHABET = "aAbBzZ09._-%:/ éÉßİı\u212AΣσς日";

    private CacheKeySamples() {
    }

    /** Several thousand distinct keys, among them every case pair of the names above. */
    static List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (String prefix : PREFIXES) {
            for (String name : NAMES) {
                keys.add(prefix + name);
                keys.add(prefix + name.toUpperCase(Locale.ROOT));
                keys.add(prefix + name.toLowerCase(Locale.ROOT));
            }
        }
        Random random = new Random(20261205);
        while (keys.size() < 20_000) {
            StringBuilder key = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
            for (int n = random.nextInt(6); n >= 0; n--) {
                key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            keys.add(key.toString());
            // and its case twins, which are what a case-folding store confuses
            keys.add(key.toString().toUpperCase(Locale.ROOT));
            keys.add(key.toString().toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(keys);
    }
}
