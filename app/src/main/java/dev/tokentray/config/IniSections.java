package dev.tokentray.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replaces, removes or appends whole sections of an AWS INI file (config or credentials) on its
 * original bytes, so every line outside those sections stays as it was: line ends, comments,
 * spacing, other profiles. An INI library would re-serialise, and so normalise, the whole file.
 */
final class IniSections {
    /** A section as found: the text inside its brackets, and its settings. */
    record Found(String header, Map<String, String> settings) {
    }

    private IniSections() {
    }

    /**
     * @param change for each section, its new settings: null keeps it as it is, an empty map
     *               removes it; a replaced section keeps its place and its header
     * @param appendHeader a section to add at the end (null: none), with {@code appendSettings}
     * @return the new bytes
     */
    static byte[] edit(byte[] original, Path file, Function<Found, Map<String, String>> change, String appendHeader,
                       Map<String, String> appendSettings) {
        List<IniLines.Line> all;
        try {
            all = IniLines.parse(original).lines();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + " is not UTF-8 text; save it as UTF-8");
        }
        String lineEnd = new String(original, StandardCharsets.UTF_8).contains("\r\n") ? "\r\n" : "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 512);
        int i = 0;
        while (i < all.size()) {
            IniLines.Line line = all.get(i);
            if (line.kind() != IniLines.Kind.SECTION) {
                out.writeBytes(line.raw());
                i++;
                continue;
            }
            int end = i + 1;
            int lastSetting = i;
            Map<String, String> settings = new LinkedHashMap<>();
            while (end < all.size() && all.get(end).kind() != IniLines.Kind.SECTION) {
                IniLines.Line inner = all.get(end);
                if (inner.kind() == IniLines.Kind.PROPERTY) {
                    settings.put(inner.key(), inner.value());
                }
                if (inner.kind() == IniLines.Kind.PROPERTY || inner.kind() == IniLines.Kind.CONTINUATION) {
                    lastSetting = end;
                }
                end++;
            }
            Map<String, String> replacement = change.apply(new Found(line.section(), settings));
            if (replacement == null) {
                for (int j = i; j < end; j++) {
                    out.writeBytes(all.get(j).raw());
                }
            } else {
                if (replacement.isEmpty() && end == all.size() && lastSetting == end - 1) {
                    // The last section, removed: the blank line that was put before it goes too, so
                    // adding a section and removing it again gives back the same bytes.
                    dropTrailingBlankLine(out, all, i);
                } else if (!replacement.isEmpty()) {
                    out.writeBytes(section(line.section(), replacement, lineEnd));
                }
                // Blank lines and comments after the last setting belong to what follows.
                for (int j = lastSetting + 1; j < end; j++) {
                    out.writeBytes(all.get(j).raw());
                }
            }
            i = end;
        }
        if (appendHeader != null) {
            byte[] sofar = out.toByteArray();
            if (sofar.length > 0 && sofar[sofar.length - 1] != '\n') {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.UTF_8));
            }
            if (sofar.length > 0) {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(section(appendHeader, appendSettings, lineEnd));
        }
        return out.toByteArray();
    }

    /**
     * Replaces the sections whose header {@code matches} by {@code settings} where they stand, or,
     * when there is none, appends {@code [header]} with them. An existing section that
     * {@code ours} does not accept is left alone and {@code notOurs} is thrown.
     *
     * @return the new bytes
     */
    static byte[] put(byte[] original, Path file, java.util.function.Predicate<String> matches, String header,
                      Map<String, String> settings, java.util.function.Predicate<Map<String, String>> ours,
                      java.util.function.Supplier<? extends RuntimeException> notOurs) {
        Map<String, String> existing = find(original, file, matches);
        if (existing == null) {
            return edit(original, file, section -> null, header, settings);
        }
        if (!ours.test(existing)) {
            throw notOurs.get();
        }
        return edit(original, file, section -> matches.test(section.header()) ? settings : null, null, null);
    }

    /**
     * Adds {@code key = value} as the last setting of the first section whose header
     * {@code matches}, or appends {@code [appendHeader]} holding only it when there is none. Every
     * other line keeps its bytes; a section that already sets {@code key} is left as it is.
     *
     * @return the new bytes (the original ones when the key was already set)
     */
    static byte[] addSetting(byte[] original, Path file, java.util.function.Predicate<String> matches,
                             String appendHeader, String key, String value) {
        List<IniLines.Line> all;
        try {
            all = IniLines.parse(original).lines();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + " is not UTF-8 text; save it as UTF-8");
        }
        int header = -1;
        for (int i = 0; i < all.size() && header < 0; i++) {
            if (all.get(i).kind() == IniLines.Kind.SECTION && matches.test(all.get(i).section())) {
                header = i;
            }
        }
        if (header < 0) {
            return edit(original, file, section -> null, appendHeader, Map.of(key, value));
        }
        int lastSetting = header;
        for (int i = header + 1; i < all.size() && all.get(i).kind() != IniLines.Kind.SECTION; i++) {
            IniLines.Line line = all.get(i);
            if (line.kind() == IniLines.Kind.PROPERTY && key.equals(line.key())) {
                return original;
            }
            if (line.kind() == IniLines.Kind.PROPERTY || line.kind() == IniLines.Kind.CONTINUATION) {
                lastSetting = i;
            }
        }
        String lineEnd = new String(original, StandardCharsets.UTF_8).contains("\r\n") ? "\r\n" : "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + key.length() + value.length() + 8);
        for (int i = 0; i < all.size(); i++) {
            byte[] raw = all.get(i).raw();
            out.writeBytes(raw);
            if (i == lastSetting) {
                if (raw.length == 0 || raw[raw.length - 1] != '\n') {
                    out.writeBytes(lineEnd.getBytes(StandardCharsets.UTF_8));
                }
                out.writeBytes((key + " = " + value + lineEnd).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** The settings of the first section whose header {@code matches}, or null when there is none. */
    private static Map<String, String> find(byte[] original, Path file, java.util.function.Predicate<String> matches) {
        Map<String, Map<String, String>> first = new LinkedHashMap<>();
        edit(original, file, section -> {
            if (first.isEmpty() && matches.test(section.header())) {
                first.put(section.header(), section.settings());
            }
            return null;
        }, null, null);
        return first.isEmpty() ? null : first.values().iterator().next();
    }

    private static void dropTrailingBlankLine(ByteArrayOutputStream out, List<IniLines.Line> all, int header) {
        if (header == 0 || all.get(header - 1).kind() != IniLines.Kind.BLANK) {
            return;
        }
        byte[] sofar = out.toByteArray();
        int blank = all.get(header - 1).raw().length;
        out.reset();
        out.write(sofar, 0, sofar.length - blank);
    }

    private static byte[] section(String header, Map<String, String> settings, String lineEnd) {
        StringBuilder text = new StringBuilder("[").append(header).append(']').append(lineEnd);
        settings.forEach((k, v) -> text.append(k).append(" = ").append(v).append(lineEnd));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
