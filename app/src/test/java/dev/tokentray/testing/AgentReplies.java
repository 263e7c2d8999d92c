package dev.tokentray.testing;

import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An agent's pool of free reply FIFOs, as a test sees it: which shim the agent answered. */
public final class AgentReplies {
    private AgentReplies() {
    }

    /**
     * Runs a shim and checks that the agent answered it: a shim asking the agent takes one reply
     * FIFO out of the agent's free pool (a rename) and the agent unlinks it once it has answered,
     * while a shim answering from the cache by itself takes none.
     */
    public static Run answeredOverTheAgentsPipes(Path agentDir, Supplier<Run> shim) throws IOException {
        Set<String> before = free(agentDir);
        Run run = shim.get();
        Set<String> taken = new TreeSet<>(before);
        taken.removeAll(free(agentDir));
        assertEquals(1, taken.size(), "the shim asked the agent through one reply FIFO of its pool (taken: " + taken
                + ")\n" + run);
        return run;
    }

    /** The names of the agent's free reply FIFOs. */
    public static Set<String> free(Path agentDir) throws IOException {
        try (Stream<Path> names = Files.list(AgentProtocol.freeReplies(agentDir))) {
            return names.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
