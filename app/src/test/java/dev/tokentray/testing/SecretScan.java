package dev.tokentray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches every file under a directory for secrets, as an attacker reading the disk would. Meant
 * for shared directories such as /tmp too, where other processes create and delete files while
 * the scan runs: a file or directory that vanishes is skipped and the walk goes on, so the rest
 * is still read. Anything else that keeps a file or directory from being read (no permission, an
 * I/O error, a directory to scan that is not there) fails the scan: the secret could be just there.
 */
public final class SecretScan {
    private static final long LARGEST = 64L * 1024 * 1024;

    /** The files read and where a secret was found ("SECRE… in FILE"). */
    public record Result(List<Path> scanned, List<String> found) {
    }

    private SecretScan() {
    }

    /** Reads every regular file under {@code dir} modified after {@code modifiedAfter} and under 64 MiB. */
    public static Result scan(Path dir, Instant modifiedAfter, List<String> secrets) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString(), null, "no directory to scan here");
        }
        List<Path> scanned = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || attrs.size() >= LARGEST
                        || !attrs.lastModifiedTime().toInstant().isAfter(modifiedAfter)) {
                    return FileVisitResult.CONTINUE;
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException gone) {
                    return FileVisitResult.CONTINUE;
                }
                scanned.add(file);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        found.add(secret.substring(0, 5) + "… in " + file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                // A directory deleted while its entries were listed: what was listed has been seen.
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Result(scanned, found);
    }
}
