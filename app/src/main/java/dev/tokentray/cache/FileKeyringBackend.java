package dev.tokentray.cache;

import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
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
        } catch (IOException e) {
            throw new KeyringException("cannot delete from the session cache in " + dir + " ("
                    + e.getClass().getSimpleName() + "); check its permissions", e);
        }
    }

    /** A file name that any key maps to one-to-one: [A-Za-z0-9._-] kept, every other byte as %XX. */
    Path fileFor(String key) {
        StringBuilder name = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && name.length() > 0)) {
                name.append(c);
            } else {
                name.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return dir.resolve(name + ".json");
    }
}
