package dev.tokentray.net;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.x request (request line and headers), read from the bytes a
 * {@link RequestServer} framed with {@link RequestServer.Framing#HTTP_HEAD}, and the one kind of
 * response tokentray's local endpoints send: a status, a few headers, a body, then the
 * connection closes. Enough for SDKs and browsers asking a loopback endpoint for one thing.
 *
 * @param method as sent, e.g. GET
 * @param path the request target's path, without its query
 * @param headers the first value of each header, by lower-case name
 */
public record HttpHead(String method, String path, Map<String, String> headers) {
    /**
     * Reads a request head; null when it is not one (no request line of three parts, a target
     * that is not a path or URL, a header line without a colon).
     */
    public static HttpHead parse(byte[] head) {
        // ISO-8859-1 maps every byte to one char: nothing to fail on, and header values stay as sent.
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[2].startsWith("HTTP/")) {
            return null;
        }
        String path;
        try {
            path = new URI(requestLine[1]).getRawPath();
        } catch (URISyntaxException e) {
            return null;
        }
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new HttpHead(requestLine[0], path, headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A whole response that closes the connection after it: {@code headers} may be empty, {@code body} null. */
    public static byte[] response(int status, Map<String, String> headers, byte[] body) {
        StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + (body == null ? 0 : body.length));
        out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }
}
