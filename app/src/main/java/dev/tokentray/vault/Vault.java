package dev.tokentray.vault;

import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The vault file under TOKENTRAY_HOME: one encrypted file holding every long-lived key pair.
 * Every change is read-modify-write under an exclusive file lock, and written atomically with
 * mode 0600.
 */
public final class Vault {
    public static final String FILE_NAME = "vault.tkv";
    private static final String LOCK_NAME = "vault.lock";

    private final Path file;
    private final Path lockFile;
    private final KdfParams params;

    public Vault(Path home) {
        this(home, KdfParams.DEFAULT);
    }

    /** @param params the Argon2id cost used when writing (reading uses what the file says) */
    public Vault(Path home, KdfParams params) {
        this.file = home.resolve(FILE_NAME);
        this.lockFile = home.resolve("locks").resolve(LOCK_NAME);
        this.params = params;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The profiles the vault holds keys for, read from its header without the password. */
    public List<String> profiles() {
        byte[] bytes = read();
        return bytes == null ? List.of() : VaultCodec.readHeader(bytes).profiles();
    }

    /** Decrypts the vault; an absent vault opens as empty. The caller closes the result. */
    public VaultContents open(char[] password) {
        byte[] bytes = read();
        return bytes == null ? new VaultContents() : VaultCodec.open(bytes, password);
    }

    /**
     * Opens the vault (or starts an empty one), applies {@code change}, and writes the result,
     * all while holding the vault lock, so two writers never lose each other's changes.
     */
    public <T> T update(char[] password, Function<VaultContents, T> change) {
        try (FileLock lock = FileLock.acquire(lockFile); VaultContents contents = open(password)) {
            T result = change.apply(contents);
            write(contents, password);
            return result;
        } catch (IOException e) {
            throw new VaultException(FileErrors.line("cannot lock or write the vault at " + file, e,
                    "check the directory's permissions"), e);
        }
    }

    /** Re-encrypts every entry under {@code newPassword}. */
    public void changePassword(char[] oldPassword, char[] newPassword) {
        try (FileLock lock = FileLock.acquire(lockFile); VaultContents contents = open(oldPassword)) {
            write(contents, newPassword);
        } catch (IOException e) {
            throw new VaultException(FileErrors.line("cannot lock or write the vault at " + file, e,
                    "check the directory's permissions"), e);
        }
    }

    private void write(VaultContents contents, char[] password) throws IOException {
        AtomicFile.ensurePrivateDirectory(file.getParent());
        // Only lock holders write, so any temp file left now is from a writer that was killed.
        AtomicFile.deleteStaleTemps(file);
        AtomicFile.write(file, VaultCodec.seal(contents, password, params), AtomicFile.OWNER_ONLY);
    }

    private byte[] read() {
        try {
            return AtomicFile.readIfExists(file);
        } catch (IOException e) {
            throw new VaultException("cannot read the vault at " + file + " (" + e.getClass().getSimpleName()
                    + "); check its permissions", e);
        }
    }
}
