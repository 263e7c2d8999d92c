package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.testing.OtherUser;
import dev.tokentray.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of trusting no one else: it does not move into a directory another user made,
 * and it answers no process of another user, even one that got to its socket.
 */
class AgentTrustTest {
    private static Session session() {
        return new Session("ASIAAGENTTRUST000001", "secret", "token", Instant.now().plusSeconds(3600));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertNamesAndSaysRemove(TokentrayException e, Path path) {
        assertTrue(e.getMessage().startsWith(path + " "), e.getMessage());
        assertTrue(e.getMessage().contains("remove it"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theAgentDoesNotMoveIntoADirectoryAnotherUserMade() throws Exception {
        try (OtherUser other = new OtherUser()) {
            Path home = Files.createDirectory(other.shared().resolve("tt"));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx")); // open to all, once
            Path dir = home.resolve("agent");
            other.sh("mkdir '" + dir + "'");
            TokentrayException e = assertThrows(TokentrayException.class,
                    () -> new AgentServer(AgentProtocol.socket(dir), profile -> session(), Clock.systemUTC()));
            assertNamesAndSaysRemove(e, dir);
            assertEquals(OtherUser.UID, Files.getAttribute(dir, "unix:uid"), "left as it was");
            assertEquals("rwxrwxrwx", mode(dir));
            assertFalse(Files.exists(AgentProtocol.lock(dir)));
        }
    }

    @Test
    void theAgentDoesNotUseReplyPipesInADirectoryAnotherUserMade() throws Exception {
        try (OtherUser other = new OtherUser()) {
            Path dir = Files.createDirectories(other.shared().resolve("tt/agent"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // open to all, once
            other.sh("mkdir '" + dir + "/replies'");
            TokentrayException e = assertThrows(TokentrayException.class,
                    () -> new AgentServer(AgentProtocol.socket(dir), profile -> session(), Clock.systemUTC()));
            assertNamesAndSaysRemove(e, dir.resolve("replies"));
            assertFalse(Files.exists(AgentProtocol.socket(dir)), "no socket left listening");
        }
    }

    /**
     * Another user who reaches the socket anyway (here: a hard link in a shared directory, and a
     * socket left open to all) is not answered: the agent asks the kernel who connected.
     */
    @Test
    void theAgentAnswersNoProcessOfAnotherUser() throws Exception {
        try (OtherUser other = new OtherUser()) {
            Path dir = Files.createDirectory(other.shared().resolve("victim"));
            Path socket = AgentProtocol.socket(dir.resolve("agent"));
            AtomicInteger asked = new AtomicInteger();
            try (AgentServer agent = new AgentServer(socket, profile -> {
                asked.incrementAndGet();
                return session();
            }, Clock.systemUTC())) {
                Path link = Files.createLink(other.shared().resolve("reachable.sock"), socket);
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                String ask = String.join("\n", "import socket, sys",
                        "s = socket.socket(socket.AF_UNIX)",
                        "s.settimeout(10)",
                        "s.connect(sys.argv[1])",
                        "try:",
                        "    s.sendall(b'{\"Op\":\"session\",\"Profile\":\"admin\"}\\n')",
                        "    print(repr(s.recv(65536)))",
                        "except (BrokenPipeError, ConnectionResetError):",
                        "    print(repr(b''))",
                        "");
                TestHome.Run run = other.run("/usr/bin/python3", "-c", ask, link.toString());
                assertEquals("b''\n", run.out(), "another user gets no answer: " + run);
                assertEquals(0, asked.get(), "and asks nothing of the source");
                assertTrue(AgentClient.session(socket, "admin").ok(), "the owner is answered");
            }
        }
    }
}
