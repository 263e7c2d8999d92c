package dev.tokentray.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real moto_server (STS and IAM over the AWS wire protocol) on a free loopback port, for the
 * tests of one class. Register it with {@code @RegisterExtension static MotoServer moto = new MotoServer();}.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {
    private ManagedProcess process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() {
        String moto = Peers.require("moto_server", "pip install 'moto[server]'").toString();
        port = FreePort.find();
        Map<String, String> env = new HashMap<>();
        env.put("MOTO_ALLOW_NONEXISTENT_REGION", "true");
        process = ManagedProcess.start("moto", List.of(moto, "-H", "127.0.0.1", "-p", Integer.toString(port)), env,
                null);
        FreePort.awaitAccepting(port, Duration.ofSeconds(60), process.process(), "moto_server");
    }

    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The AWS variables that point an SDK or CLI at this server with dummy bootstrap credentials. */
    public Map<String, String> awsEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", endpoint().toString());
        env.put("AWS_ENDPOINT_URL_IAM", endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    /** Wipes every resource moto holds, so one test's users and roles do not leak into the next. */
    public void reset() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("moto reset answered " + r.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("moto reset failed: " + e.getMessage() + "; log " + process.log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
