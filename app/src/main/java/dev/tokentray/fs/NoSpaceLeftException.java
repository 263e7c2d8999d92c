package dev.tokentray.fs;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A write that failed because the file system that holds {@code file} is full. Its own type
 * because the JDK reports a full disk as a bare IOException whose text is the C library's, in the
 * user's language, while the next step (free some space) differs from every other failure's.
 */
public final class NoSpaceLeftException extends FileSystemException {
    public NoSpaceLeftException(Path file, Throwable cause) {
        super(file.toString(), null, "no space left on device");
        initCause(cause);
    }
}
