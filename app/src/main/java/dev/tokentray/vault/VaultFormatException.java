package dev.tokentray.vault;

import java.nio.file.Path;

/**
 * The bytes are not a vault this tokentray can read: damaged, or written by a newer tokentray.
 * The codec does not know the file; {@link Vault} names it with {@link #at(Path)}.
 */
public final class VaultFormatException extends VaultException {
    private final String predicate;

    /** @param predicate what is wrong, said of "the vault", e.g. "is damaged: it is truncated; restore …" */
    VaultFormatException(String predicate) {
        super("the vault " + predicate);
        this.predicate = predicate;
    }

    private VaultFormatException(Path file, String predicate) {
        super("the vault at " + file + " " + predicate);
        this.predicate = predicate;
    }

    static VaultFormatException damaged(String why) {
        return new VaultFormatException("is damaged: " + why + "; restore it from a backup");
    }

    /** The same finding, naming the file it was made on. */
    VaultFormatException at(Path file) {
        return new VaultFormatException(file, predicate);
    }
}
