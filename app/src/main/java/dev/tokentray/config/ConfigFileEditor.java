package dev.tokentray.config;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Adds or replaces one {@code [profile NAME]} section of ~/.aws/config, keeping every other byte:
 * a new section is appended; a section tokentray wrote before is replaced where it stands.
 */
public final class ConfigFileEditor {
    private ConfigFileEditor() {
    }

    /**
     * Writes {@code [profile name]} with exactly {@code settings}, after copying the current file
     * to {@code backup}.
     *
     * @param ours decides whether an existing section with that name may be replaced (it was
     *             written by tokentray); otherwise an existing section is an error
     * @return true when the file changed
     */
    public static boolean putSection(Path file, Path backup, String name, Map<String, String> settings,
                                     java.util.function.Predicate<Map<String, String>> ours) throws IOException {
        byte[] original = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        IniLines lines;
        try {
            lines = IniLines.parse(original);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + " is not UTF-8 text; save it as UTF-8");
        }
        String header = "profile " + name;
        List<IniLines.Line> all = lines.lines();
        int start = -1;
        int end = all.size();
        java.util.Map<String, String> existing = new java.util.LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            IniLines.Line line = all.get(i);
            if (line.kind() == IniLines.Kind.SECTION) {
                if (start >= 0) {
                    end = i;
                    break;
                }
                if (line.section().equals(header) || (name.equals("default") && line.section().equals("default"))) {
                    start = i;
                }
            } else if (start >= 0 && line.kind() == IniLines.Kind.PROPERTY) {
                existing.put(line.key(), line.value());
            }
        }
        if (start >= 0 && !ours.test(existing)) {
            throw new TokentrayException("~/.aws/config already has a [profile " + name + "] that tokentray did not"
                    + " write; pick another name with --as");
        }
        String lineEnd = original.length > 0 && new String(original, StandardCharsets.UTF_8).contains("\r\n")
                ? "\r\n" : "\n";
        StringBuilder section = new StringBuilder("[").append(header).append(']').append(lineEnd);
        settings.forEach((k, v) -> section.append(k).append(" = ").append(v).append(lineEnd));

        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + section.length());
        if (start < 0) {
            out.writeBytes(original);
            if (original.length > 0 && original[original.length - 1] != '\n') {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.UTF_8));
            }
            if (original.length > 0) {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(section.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            // Keep the blank lines and comments that trail our old section: they belong to the next one.
            int lastSetting = start;
            for (int i = start + 1; i < end; i++) {
                if (all.get(i).kind() == IniLines.Kind.PROPERTY || all.get(i).kind() == IniLines.Kind.CONTINUATION) {
                    lastSetting = i;
                }
            }
            for (int i = 0; i < start; i++) {
                out.writeBytes(all.get(i).raw());
            }
            out.writeBytes(section.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = lastSetting + 1; i < all.size(); i++) {
                out.writeBytes(all.get(i).raw());
            }
        }
        byte[] updated = out.toByteArray();
        if (java.util.Arrays.equals(updated, original)) {
            return false;
        }
        if (original.length > 0) {
            AtomicFile.write(backup, original, AtomicFile.permissionsOf(file));
        }
        AtomicFile.write(file, updated, Files.exists(file) ? AtomicFile.permissionsOf(file) : AtomicFile.OWNER_ONLY);
        return true;
    }
}
