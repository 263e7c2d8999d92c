package dev.tokentray.cache;

import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Secrets as files in a 0700 directory, each file 0600 and replaced atomically: the fallback
 * where no OS keyring answers (headless servers, minimal desktops), as ~/.aws/cli/cache is for
 * the AWS CLI. The directory and each file are read only when they are this user's own
 * ({@link TrustedPaths}): a session another user planted is refused, never served.
 */
public final class FileKeyringBackend implements KeyringBackend {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** {@link #name}: a file name of [a-z0-9._-] and escapes, not starting with '.'. */
    static final int FILE_NAME = 0;
    /** {@link #name}: an item name that keeps the printable ASCII chars but '%' and the upper-case letters. */
    static final int ITEM_NAME = 1;
    /** {@link #name}: the file name earlier versions gave, which kept upper-case letters too. */
    private static final int FILE_NAME_BEFORE = 2;

    private final Path dir;

    public FileKeyringBackend(Path dir) {
        this.dir = dir;
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public String displayName() {
        return "file cache in " + dir;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public char[] load(String key) {
        byte[] bytes;
        Path file = fileFor(key);
        if (!TrustedPaths.directory(dir) || !TrustedPaths.file(file)) {
            return null;
        }
        try {
            bytes = AtomicFile.readIfExists(file);
        } catch (IOException e) {
            throw new KeyringException("cannot read the session cache in " + dir + " ("
                    + e.getClass().getSimpleName() + "); check its permissions", e);
        }
        if (bytes == null) {
            return null;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    @Override
    public void store(String key, char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            TrustedPaths.ensureDirectory(dir);
            AtomicFile.write(fileFor(key), bytes, AtomicFile.OWNER_ONLY);
            deleteOldFile(key);
        } catch (IOException e) {
            throw new KeyringException(FileErrors.line("cannot write the session cache in " + dir, e,
                    "check its permissions"), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    @Override
    public void delete(String key) {
        if (!TrustedPaths.directory(dir)) {
            return;
        }
        try {
            Files.deleteIfExists(fileFor(key));
            deleteOldFile(key);
        } catch (IOException e) {
            throw new KeyringException("cannot delete from the session cache in " + dir + " ("
                    + e.getClass().getSimpleName() + "); check its permissions", e);
        }
    }

    /**
     * Removes the file earlier versions gave {@code key}, whose name kept upper-case letters as
     * they are. That name is never read again: where the file system folds case it is also the
     * name of the lower-case twin's file (profile Dev's old file is dev's). So the file goes only
     * when the directory lists it under exactly that spelling: on a case-sensitive file system it
     * is this key's own old file; on one that folds case but keeps the spelling a name was written
     * with, a file spelled the twin's way is the twin's and stays.
     */
    private void deleteOldFile(String key) throws IOException {
        String old = name(key, FILE_NAME_BEFORE) + ".json";
        if (old.equals(fileFor(key).getFileName().toString())) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(old)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** The file of {@code key}: its {@link #name} as a file name. */
    Path fileFor(String key) {
        return dir.resolve(name(key, FILE_NAME) + ".json");
    }

    /**
     * {@code key} as a name that stays one-to-one where the store compares names without case:
     * the file systems of macOS (APFS) and Windows (NTFS) by default, the Windows Credential
     * Manager. Each byte of the key's UTF-8 that the name does not keep is written %XX, with
     * upper-case hex digits; '%', the upper-case letters and every byte beyond ASCII are always
     * written so. The name is then ASCII, and its only letters are the key's lower-case ones and
     * the hex digits after a '%': folded to either case it still reads back as the key. A key
     * with no upper-case letter (nor, as an item name, a '%' or a char beyond printable ASCII)
     * keeps the name earlier versions gave it.
     */
    static String name(String key, int form) {
        StringBuilder name = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && name.length() > 0)
                    || (form == ITEM_NAME && c >= ' ' && c < 0x7F && c != '%' && (c < 'A' || c > 'Z'))
                    || (form == FILE_NAME_BEFORE && c >= 'A' && c <= 'Z');
            if (kept) {
                name.append(c);
            } else {
                name.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return name.toString();
    }
}
