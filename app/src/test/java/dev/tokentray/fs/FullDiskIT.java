package dev.tokentray.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a small tmpfs mounted over the directory tokentray writes to, in a mount
 * namespace of the run's own (unshare -m, so nothing outside sees it and it goes with the run),
 * filled to the last byte before tokentray starts. What is there is kept; the user is told the
 * disk is full, naming the file.
 */
class FullDiskIT {
    /**
     * Mounts a 256 KiB tmpfs on $1, copies $2's files onto it, fills it, runs the rest, then
     * copies what the tmpfs holds (the filler aside) to $3 for the test to look at.
     */
    private static final String ON_A_FULL_DISK = """
            mount -t tmpfs -o size=256k,mode=0700 tmpfs "$1" || exit 99
            cp -a "$2/." "$1/"
            head -c 1048576 /dev/zero > "$1/.filler" 2>/dev/null
            disk=$1 after=$3
            shift 3
            "$@"
            rc=$?
            rm -f "$disk/.filler"
            cp -a "$disk/." "$after/"
            exit $rc
            """;

    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;
    TestHome home;
    Path seed;
    Path after;

    @BeforeEach
    void setUp() throws IOException {
        home = new TestHome(tmp.resolve("home")).set("TOKENTRAY_VAULT_PASSWORD", "pw");
        seed = Files.createDirectories(tmp.resolve("seed"));
        after = Files.createDirectories(tmp.resolve("after"));
    }

    private Run onAFullDisk(Path mountPoint, String stdin, String... args) throws IOException {
        Files.createDirectories(mountPoint);
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", ON_A_FULL_DISK, "sh",
                mountPoint.toString(), seed.toString(), after.toString(), Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        Run run = TestHome.process(command, stdin, home.envMap());
        assertTrue(run.exit() != 99, "cannot mount a tmpfs in a mount namespace of its own (run as root): " + run);
        return run;
    }

    private static void assertOneLine(Run run, String expected) {
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of(expected), run.err().lines().toList(), run.toString());
        assertFalse(run.out().contains("pw") || run.err().contains("secret"), run.toString());
    }

    private List<String> namesAfter() throws IOException {
        try (Stream<Path> files = Files.list(after)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theVaultOnAFullDiskSaysSoAndNamesIt() throws IOException {
        Path vault = home.tokentrayHome().resolve("vault.tkv");
        Run run = onAFullDisk(home.tokentrayHome(), "the-secret-of-dev\n", "add", "dev", "--access-key-id",
                "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
        assertOneLine(run, "tokentray: cannot lock or write the vault at " + vault
                + ": no space left on device; free some space on its disk and try again");
        assertFalse(namesAfter().contains("vault.tkv"), "no vault, not a torn one: " + namesAfter());
        assertTrue(namesAfter().stream().noneMatch(n -> n.endsWith(".tmp")), "no temp file left: " + namesAfter());
    }

    @Test
    void wireAndWriteCredentialsOnAFullDiskSaySoNameTheFileAndKeepItsBytes() throws IOException {
        String config = "[profile dev]\nregion = eu-west-1\n";
        String credentials = "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = plain\n";
        Files.writeString(seed.resolve("config"), config);
        Files.writeString(seed.resolve("credentials"), credentials);
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("dev"), new Session("ASIAFULLDISKFULLDISK", "session-secret", "token",
                        Instant.now().plusSeconds(3600)));
        Path aws = home.home().resolve(".aws");

        Run wire = onAFullDisk(aws, "", "wire", "dev");
        assertOneLine(wire, "tokentray: cannot write ~/.aws/config: no space left on device; free some space on its"
                + " disk and try again");
        assertEquals(config, Files.readString(after.resolve("config")));
        assertEquals(List.of("config", "credentials"), namesAfter(), "no backup or temp file left");

        Run written = onAFullDisk(aws, "", "write-credentials", "dev");
        assertOneLine(written, "tokentray: cannot write ~/.aws/credentials: no space left on device; free some space on"
                + " its disk and try again");
        assertEquals(credentials, Files.readString(after.resolve("credentials")));
        assertEquals(List.of("config", "credentials"), namesAfter(), "no temp file left");
    }

    @Test
    void aNewSessionThatCannotBeCachedOnAFullDiskSaysSoAndNamesTheCache() throws IOException {
        // The write every unlock makes: a role session from moto, into the file cache on a full disk.
        var key = new AwsWorld(moto.endpoint()).user("full-disk-user");
        String role = new AwsWorld(moto.endpoint()).roleWithoutMfa("full-disk-role");
        home.setAll(moto.awsEnv()).set("TOKENTRAY_KEYRING", "file")
                .credentials("[base]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = "
                        + key.secretAccessKey() + "\n")
                .config("[profile ops]\nsource_profile = base\nrole_arn = " + role + "\n");
        Path cache = home.tokentrayHome().resolve("cache");
        Run run = onAFullDisk(cache, "", "export", "ops", "--format", "json");
        assertOneLine(run, "tokentray: cannot write the session cache in " + cache
                + ": no space left on device; free some space on its disk and try again");
        assertEquals("", run.out(), "no session printed that the next call could not find again");
        assertEquals(List.of(), namesAfter(), "no temp file left");
    }
}
