package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Main;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.fs.Fifos;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.OtherUser;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user (nobody) gets to TOKENTRAY_HOME first, or finds it open, and plants a
 * session in the file cache or a fake agent. The victim's {@code credential-process admin} (the
 * real shim, in a JVM of its own) must print none of the attacker's keys, send the fake agent
 * nothing, and say in one line which path it does not trust and what to do.
 */
class PlantedStateTest {
    private static final String ATTACKER_KEY = "AKIAATTACKER00000000";
    private static final String PLANTED_SESSION = "{\"AccessKeyId\":\"" + ATTACKER_KEY + "\",\"SecretAccessKey\":"
            + "\"attacker\",\"SessionToken\":\"attacker\",\"Expiration\":\"2099-01-01T00:00:00Z\",\"ExpiresAt\":4070908800}";
    private static final String CACHE_FILE = "profile%3Aadmin.json";

    @TempDir
    Path tmp;

    private OtherUser other;
    private TestHome victim;
    private Path home;

    @BeforeEach
    void world() {
        other = new OtherUser();
        home = other.shared().resolve("tt");
        victim = new TestHome(tmp).set("TOKENTRAY_HOME", home.toString())
                .config("[profile admin]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
    }

    @AfterEach
    void cleanUp() {
        other.close();
    }

    private Run shim() {
        return ChildJvm.run(Main.class, victim.envMap(), "", "credential-process", "admin");
    }

    /** Exit 1, nothing on stdout, one line on stderr that names {@code path} and says to remove it. */
    private static void assertRefused(Run run, Path path) {
        for (String theirs : new String[] {ATTACKER_KEY, OtherUser.FAKE_AGENT_KEY}) {
            assertFalse(run.out().contains(theirs) || run.err().contains(theirs), "no attacker key is printed: " + run);
        }
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        String[] lines = run.err().split("\n");
        assertEquals(1, lines.length, "one line: " + run);
        assertTrue(lines[0].startsWith("tokentray: " + path + " "), "names " + path + ": " + run);
        assertTrue(lines[0].contains("remove it"), "says what to do: " + run);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static Path openDirectory(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    @Test
    void aHomeAnotherUserMadeIsNotUsed() throws Exception {
        other.sh("mkdir -p '" + home + "/cache'");
        other.plant(home.resolve("cache").resolve(CACHE_FILE), PLANTED_SESSION);

        assertRefused(shim(), home);
        assertEquals(OtherUser.UID, Files.getAttribute(home, "unix:uid"), "another user's directory is left alone");
        assertEquals("rwxrwxrwx", mode(home));
    }

    /** Not only the shim: no command keeps its vault, locks or settings in another user's directory. */
    @Test
    void noCommandUsesAHomeAnotherUserMade() throws Exception {
        other.sh("mkdir '" + home + "'");
        victim.set("TOKENTRAY_VAULT_PASSWORD", "correct horse");

        for (String[] command : new String[][] {{"list"}, {"add", "admin", "--access-key-id", "AKIAIOSFODNN7EXAMPLE",
                "--secret-stdin"}}) {
            Run run = victim.cli("secret\n", command);
            assertRefused(run, home);
        }
        try (var entries = Files.list(home)) {
            assertEquals(0, entries.count(), "nothing written into it");
        }
    }

    @Test
    void anOpenHomeIsMadePrivateAndACacheDirectoryAnotherUserMadeInItIsNotUsed() throws Exception {
        openDirectory(home);
        other.sh("mkdir '" + home + "/cache'");
        other.plant(home.resolve("cache").resolve(CACHE_FILE), PLANTED_SESSION);

        assertRefused(shim(), home.resolve("cache"));
        assertEquals("rwx------", mode(home), "the user's own home is repaired");
    }

    @Test
    void aCacheFileAnotherUserPlantedIsNotRead() throws Exception {
        openDirectory(home.resolve("cache"));
        openDirectory(home);
        Path planted = home.resolve("cache").resolve(CACHE_FILE);
        other.plant(planted, PLANTED_SESSION);

        assertRefused(shim(), planted);
        assertEquals("rwx------", mode(home.resolve("cache")));
    }

    @Test
    void aSymlinkAnotherUserPlantedInTheCacheIsNotFollowed() throws Exception {
        openDirectory(home.resolve("cache"));
        Path theirs = other.shared().resolve("theirs.json");
        other.plant(theirs, PLANTED_SESSION);
        Path planted = home.resolve("cache").resolve(CACHE_FILE);
        other.sh("ln -s '" + theirs + "' '" + planted + "'");

        assertRefused(shim(), planted);
    }

    /**
     * TOKENTRAY_HOME may be a link (to another disk), but only the user's own: whoever owns the link
     * can point it at their own directory between the check and the read.
     */
    @Test
    void aHomeLinkIsFollowedOnlyWhenItIsTheUsersOwn() throws Exception {
        Path real = Files.createDirectories(other.shared().resolve("real-home/cache"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(real.getParent(), PosixFilePermissions.fromString("rwx------"));
        Path own = real.resolve(CACHE_FILE);
        Files.writeString(own, PLANTED_SESSION.replace(ATTACKER_KEY, "ASIATHEUSERSOWN00001"));
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));

        Path link = other.shared().resolve("own-link");
        Files.createSymbolicLink(link, real.getParent());
        Run followed = ChildJvm.run(Main.class, victim.set("TOKENTRAY_HOME", link.toString()).envMap(), "",
                "credential-process", "admin");
        assertEquals(0, followed.exit(), followed.toString());
        assertTrue(followed.out().contains("ASIATHEUSERSOWN00001"), followed.toString());

        other.sh("ln -s '" + real.getParent() + "' '" + home + "'");
        victim.set("TOKENTRAY_HOME", home.toString());
        Run refused = shim();
        assertRefused(refused, home);
        assertTrue(refused.err().contains("symbolic link"), refused.toString());
    }

    @Test
    void aFakeAgentInAnAgentDirectoryAnotherUserMadeHearsNothing() throws Exception {
        openDirectory(home);
        other.sh("mkdir '" + home + "/agent'");
        OtherUser.FakeAgent fake = other.fakeAgent("socket", AgentProtocol.socket(home.resolve("agent")));

        assertRefused(shim(), home.resolve("agent"));
        assertEquals("", fake.received(), "the fake agent got no request");
    }

    @Test
    void aFakeAgentSocketInTheUsersOpenAgentDirectoryHearsNothing() throws Exception {
        Path agentDir = openDirectory(home.resolve("agent"));
        Path socket = AgentProtocol.socket(agentDir);
        OtherUser.FakeAgent fake = other.fakeAgent("socket", socket);

        assertRefused(shim(), socket);
        assertEquals("", fake.received(), "the fake agent got no request");
        assertEquals("rwx------", mode(agentDir));
    }

    /**
     * The socket file is the user's own (root moved and chowned it), but another user's process
     * listens on it: only the peer's credentials (SO_PEERCRED) tell, and the shim asks them first.
     */
    @Test
    void aSocketOfTheUserThatAnotherUserServesHearsNothing() throws Exception {
        Path agentDir = Files.createDirectories(home.resolve("agent"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(agentDir, PosixFilePermissions.fromString("rwx------"));
        Path theirs = other.shared().resolve("fake.sock");
        OtherUser.FakeAgent fake = other.fakeAgent("socket", theirs);
        Path socket = AgentProtocol.socket(agentDir);
        Files.move(theirs, socket, StandardCopyOption.ATOMIC_MOVE);
        Files.setAttribute(socket, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(socket, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));

        assertRefused(shim(), socket);
        assertEquals("", fake.received(), "the fake agent got no request");
    }

    @Test
    void fakeAgentPipesInTheUsersOpenAgentDirectoryHearNothing() throws Exception {
        Path agentDir = openDirectory(home.resolve("agent"));
        openDirectory(home);
        OtherUser.FakeAgent fake = other.fakeAgent("fifos", agentDir);

        assertRefused(shim(), AgentProtocol.requests(agentDir));
        assertEquals("", fake.received(), "the fake agent got no request");
    }

    /**
     * The request pipe is the user's, but a reply pipe in the (once open) pool is another user's and
     * already holds their answer.
     */
    @Test
    void aReplyPipeAnotherUserPlantedIsNotRead() throws Exception {
        Path agentDir = Files.createDirectories(home.resolve("agent"));
        Fifos.make(AgentProtocol.requests(agentDir));
        openDirectory(AgentProtocol.freeReplies(agentDir));
        openDirectory(AgentProtocol.takenReplies(agentDir));
        String name = "0123456789abcdef0123456789abcdef";
        other.fakeAgent("reply", AgentProtocol.freeReplies(agentDir).resolve(name));

        assertRefused(shim(), AgentProtocol.takenReplies(agentDir).resolve(name));
    }
}
