package dev.tokentray.tray.login;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A login item that is one file the desktop reads when the person logs in: there while starting at
 * login is on, gone when it is off. Written atomically, readable by all (the desktop's session
 * manager or launchd reads it; both ignore an entry others may write to).
 */
final class LoginEntryFile {
    private final Path file;

    LoginEntryFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    void write(String text) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + file, e, "check its permissions"), e);
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot remove " + file, e, "check its folder's permissions"), e);
        }
    }
}
