package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one line reader both transports and both ends use. */
class AgentProtocolTest {
    private static InputStream stream(String text) {
        return new BufferedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void linesComeOneByOneThenNull() throws IOException {
        InputStream in = stream("{\"Op\":\"session\",\"Profile\":\"admin\"}\n{\"Status\":\"ok\"}\n");
        assertEquals("{\"Op\":\"session\",\"Profile\":\"admin\"}", AgentProtocol.readLine(in, 100));
        assertEquals("{\"Status\":\"ok\"}", AgentProtocol.readLine(in, 100));
        assertNull(AgentProtocol.readLine(in, 100));
    }

    @Test
    void whatCameBeforeTheEndIsTheLast() throws IOException {
        InputStream in = stream("profé");
        assertEquals("profé", AgentProtocol.readLine(in, 100));
        assertNull(AgentProtocol.readLine(in, 100));
    }

    /** An oversized line is read past (so the next one is whole) and given as "", never cut short. */
    @Test
    void aLineOverTheLimitIsSkippedWhole() throws IOException {
        InputStream in = stream("0123456789\nok\n");
        assertEquals("", AgentProtocol.readLine(in, 4));
        assertEquals("ok", AgentProtocol.readLine(in, 4));
        assertNull(AgentProtocol.readLine(in, 4));
    }
}
