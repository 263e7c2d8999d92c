package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk scan of the no-secret tests walks shared directories such as /tmp, where other
 * processes create and delete files all the time: a file or directory that vanishes mid-scan is
 * skipped, and the rest is still read.
 */
class SecretScanTest {
    @TempDir
    Path tmp;

    @Test
    void filesAndDirectoriesThatVanishWhileScannedAreSkippedAndTheRestIsRead() throws Exception {
        Path planted = Files.createDirectories(tmp.resolve("zz-kept")).resolve("found.txt");
        Files.writeString(planted, "prefix SECRETSECRET suffix");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong churned = new AtomicLong();
        // Another process's temp files: made and deleted as fast as the disk allows, some in
        // directories of their own that go with them.
        Thread churn = new Thread(() -> {
            try {
                for (long i = 0; !stop.get(); i++) {
                    Path dir = Files.createDirectories(tmp.resolve("churn-" + (i % 8)));
                    Path file = dir.resolve("f" + i);
                    Files.writeString(file, "nothing to see");
                    Files.delete(file);
                    if (i % 3 == 0) {
                        Files.delete(dir);
                    }
                    churned.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        churn.start();
        try {
            for (int scan = 0; scan < 300 || churned.get() < 2000; scan++) {
                SecretScan.Result result = SecretScan.scan(tmp, Instant.MIN, List.of("SECRETSECRET"));
                assertEquals(List.of("SECRE… in " + planted), result.found(), "scan " + scan);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertTrue(churned.get() >= 2000, "the churn ran alongside: " + churned.get() + " files");
    }
}
