package dev.tokentray.cache.dbus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The D-Bus message reader against whatever a bus (or something posing as one) can send: it may
 * refuse input only with an {@link IOException}, never read outside the message, and a message it
 * accepts has a whole body that its own signature describes.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MessageFuzzTest {
    /** A stream of messages as the socket hands them over, split and read as BusConnection does. */
    @FuzzTest
    void stream(byte[] input) {
        int at = 0;
        try {
            while (at < input.length) {
                int length = Message.frameLength(input, at, input.length - at, BusConnection.MAX_MESSAGE);
                if (length < 0 || input.length - at < length) {
                    return; // a bus would be waited on for the rest
                }
                Message message = Message.parse(input, at, length);
                assertTrue(message.length() == length, "the parsed message is the frame");
                message.skip(message.signature(), 0);
                at += length;
            }
        } catch (IOException refused) {
            // the only way to refuse
        }
    }

    /** One message's body read as a GetSecrets reply, whatever signature it claims. */
    @FuzzTest
    void secretsReply(byte[] input) {
        try {
            int length = Message.frameLength(input, 0, input.length, BusConnection.MAX_MESSAGE);
            if (length < 0 || length > input.length) {
                return;
            }
            Message reply = Message.parse(input, 0, length);
            int end = reply.startArray(8);
            while (reply.hasNext(end)) {
                reply.startStruct();
                reply.string();
                reply.startStruct();
                reply.string();
                reply.skip("ay", 0);
                char[] value = reply.utf8ByteArray();
                Arrays.fill(value, '\0');
                reply.string();
            }
        } catch (IOException refused) {
            // the only way to refuse
        }
    }

    /** Writes the seeds: each message of the recorded Secret Service exchange, and the whole of it. */
    public static void main(String[] args) throws IOException {
        byte[] stream;
        try (InputStream in = MessageFuzzTest.class.getResourceAsStream("secret-service-read.bin")) {
            stream = in.readAllBytes();
        }
        List<byte[]> messages = MessageTest.messages(stream);
        for (String method : new String[] {"stream", "secretsReply"}) {
            FuzzSeeds.write(MessageFuzzTest.class, method, "whole-exchange.bin", stream);
            for (int i = 0; i < messages.size(); i++) {
                FuzzSeeds.write(MessageFuzzTest.class, method, "message-" + i + ".bin", messages.get(i));
            }
        }
    }
}
