package dev.tokentray.vault;

/** The password does not open the vault. Says exactly that and nothing more. */
public final class WrongPasswordException extends VaultException {
    public WrongPasswordException() {
        super("wrong password");
    }
}
