package dev.tokentray.vault;

import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
    private final Consumer<String> notices;

    public Vault(Path home) {
        this(home, KdfParams.DEFAULT);
    }

    public Vault(Path home, KdfParams params) {
        this(home, params, notice -> { });
    }

    /**
     * @param params  the Argon2id cost used when writing (reading uses what the file says)
     * @param notices where a one-line notice goes when opening changed the file (an upgrade)
     */
    public Vault(Path home, KdfParams params, Consumer<String> notices) {
        if (!params.withinReadBounds()) {
            throw new IllegalArgumentException("Argon2 costs " + params + " are beyond what a vault may be read with");
        }
        this.file = home.resolve(FILE_NAME);
        this.lockFile = home.resolve("locks").resolve(LOCK_NAME);
        this.params = params;
        this.notices = notices;
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
        return bytes == null ? List.of() : decoding(() -> VaultCodec.readHeader(bytes)).profiles();
    }

    /**
     * Decrypts the vault; an absent vault opens as empty. The caller closes the result. A vault
     * that opened only with a legacy form of the password is re-encrypted under the password as
     * given, and a notice says so.
     */
    public VaultContents open(char[] password) {
        byte[] bytes = read();
        if (bytes == null) {
            return new VaultContents();
        }
        Opened opened = decrypt(bytes, password);
        if (opened.legacy()) {
            upgrade(bytes, opened.contents(), password);
        }
        return opened.contents();
    }

    /**
     * Opens the vault (or starts an empty one), applies {@code change}, and writes the result,
     * all while holding the vault lock, so two writers never lose each other's changes.
     */
    public <T> T update(char[] password, Function<VaultContents, T> change) {
        try (FileLock lock = FileLock.acquire(lockFile)) {
            byte[] bytes = read();
            Opened opened = bytes == null ? new Opened(new VaultContents(), false) : decrypt(bytes, password);
            try (VaultContents contents = opened.contents()) {
                T result = change.apply(contents);
                write(contents, password);
                if (opened.legacy()) {
                    notices.accept(upgradedNotice());
                }
                return result;
            }
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /** Re-encrypts every entry under {@code newPassword}. */
    public void changePassword(char[] oldPassword, char[] newPassword) {
        try (FileLock lock = FileLock.acquire(lockFile)) {
            byte[] bytes = read();
            try (VaultContents contents = bytes == null ? new VaultContents() : decrypt(bytes, oldPassword).contents()) {
                write(contents, newPassword);
            }
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private record Opened(VaultContents contents, boolean legacy) {
    }

    /**
     * Opens {@code bytes} with the password as given, else (for a password with non-ASCII
     * characters) with the forms an older tokentray stored such a password in; see
     * {@link LegacyPasswords}. A wrong password costs one key derivation per form.
     */
    private Opened decrypt(byte[] bytes, char[] password) {
        try {
            return new Opened(decoding(() -> VaultCodec.open(bytes, password)), false);
        } catch (WrongPasswordException wrong) {
            List<char[]> forms = LegacyPasswords.of(password);
            try {
                for (char[] form : forms) {
                    try {
                        return new Opened(decoding(() -> VaultCodec.open(bytes, form)), true);
                    } catch (WrongPasswordException stillWrong) {
                        // try the next form
                    }
                }
            } finally {
                forms.forEach(f -> Arrays.fill(f, '\0'));
            }
            throw wrong;
        }
    }

    /** Writes {@code contents}, opened with a legacy form, under {@code password}, unless the file changed meanwhile. */
    private void upgrade(byte[] opened, VaultContents contents, char[] password) {
        try (FileLock lock = FileLock.acquire(lockFile)) {
            if (Arrays.equals(opened, read())) {
                write(contents, password);
                notices.accept(upgradedNotice());
            }
        } catch (IOException e) {
            // The keys are open; not writing them back only postpones the upgrade to the next open.
            notices.accept("warning: could not re-encrypt the vault at " + file + " under the password as typed ("
                    + e.getClass().getSimpleName() + "); the next unlock tries again");
        }
    }

    private String upgradedNotice() {
        return "note: re-encrypted the vault at " + file + " under the password exactly as typed (an older"
                + " tokentray had read its non-ASCII characters through the locale and stored a garbled form)";
    }

    /** Runs the codec, naming this vault's file in what it finds wrong. */
    private <T> T decoding(Supplier<T> codec) {
        try {
            return codec.get();
        } catch (VaultFormatException e) {
            throw e.at(file);
        }
    }

    private VaultException cannotWrite(IOException e) {
        return new VaultException(FileErrors.line("cannot lock or write the vault at " + file, e,
                "check the directory's permissions"), e);
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
