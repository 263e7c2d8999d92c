package dev.tokentray.cache;

import dev.tokentray.Env;
import dev.tokentray.cache.dbus.BusConnection;
import dev.tokentray.cache.dbus.Message;
import dev.tokentray.cache.dbus.MessageWriter;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one item from the Secret Service (GNOME Keyring, KeePassXC, KWallet's Secret Service) in
 * a few milliseconds, for the credential_process shim, which starts a JVM on every AWS call. It
 * finds what {@link JavaKeyringBackend} stores — an item with the attributes {@code service} =
 * tokentray and {@code account} = the cache key in the collection the "default" alias names — in
 * three round trips over the session bus, all to the service object as libsecret makes them: the
 * service's properties; then ReadAlias("default"), OpenSession and SearchItems together; then
 * GetSecrets for the one item. Writes, and every case it does not answer, stay with java-keyring.
 *
 * <p>Why not java-keyring here: it reaches the Secret Service through dbus-java, a well-kept
 * library whose start-up in a fresh JVM (its class graph, reflection-built proxies, thread pools,
 * then a Diffie-Hellman session that starts javax.crypto's providers) is about 600 ms of the 650 ms
 * a keyring hit took, against 12 ms for libsecret's {@code secret-tool lookup}. Nor libsecret
 * through JNA: JNA's NativeLibrary runs {@code /sbin/ldconfig -p} as a subprocess in its static
 * initialiser (145 ms per load), and even bypassing it (JNA's internal open/findSymbol, its
 * native part pre-extracted, its classes in a CDS archive) a whole shim took 80 ms, 2.7 times the
 * 30-ms JVM floor: JNA's own start-up is ~22 ms before libsecret does anything. Speaking D-Bus
 * over the JDK's own Unix socket costs the socket's first use (~11-17 ms, the JDK building a
 * SecureRandom for it) and a few milliseconds of protocol.
 *
 * <p>The session is the specification's {@code plain} algorithm: the secret crosses only the
 * user's own session-bus socket, which no other user can connect to or monitor (the bus admits
 * its own user only), and Diffie-Hellman would start javax.crypto's providers on every call.
 * aws-vault does the same: 99designs/keyring opens its Secret Service session with
 * {@code OpenSession("plain", "")} (gsterjov/go-libsecret, service.go).
 *
 * <p>Every call carries NO_AUTO_START: where no Secret Service runs but the bus could start one,
 * reading must not start it (java-keyring, which lists the running names first, would not), so the
 * bus answers NameHasNoOwner, the read is a miss and the full path behaves as it always did.
 *
 * <p>{@link #load} answers the secret; null for "no such item"; {@link Absent} where there is no
 * Secret Service at all (no session bus, nothing listening on it, no service on it), which
 * TOKENTRAY_KEYRING=auto takes for the file cache as the full CLI does; or a
 * {@link KeyringException} for "cannot answer fast": a bus address it does not speak, a locked
 * collection (the full path asks to unlock it), {@code plain} refused, several matching items
 * (java-keyring refuses those too), any error reply, a garbled or oversized message, or the
 * deadline passing. The shim takes the last two as a miss and hands the call to the full CLI.
 */
public final class SecretServiceReader implements KeyringBackend {
    public static final String ID = "secret-service";
    public static final String DISPLAY_NAME = "the Secret Service keyring (GNOME Keyring) on D-Bus";
    /** A bus or keyring that has not answered by then makes the read a miss rather than hang an AWS tool. */
    public static final long DEADLINE_MILLIS = 2_000;

    private static final String SECRETS = "org.freedesktop.secrets";
    private static final String SERVICE_PATH = "/org/freedesktop/secrets";
    private static final String SERVICE = "org.freedesktop.Secret.Service";
    private static final String PROPERTIES = "org.freedesktop.DBus.Properties";
    /** What the bus answers a call that may not start its destination, when nobody owns the name. */
    private static final String NO_OWNER = "org.freedesktop.DBus.Error.NameHasNoOwner";
    private static final String UNKNOWN_SERVICE = "org.freedesktop.DBus.Error.ServiceUnknown";

    /** The bus's socket; null when there is none to speak to, {@link #why} says why. */
    private final Path socket;
    private final String why;
    /** Whether no Secret Service can be here at all (no bus), rather than one this reader cannot reach. */
    private final boolean absent;
    private final long deadlineMillis;

    /**
     * A reader of the session bus that {@code env} names, found as java-keyring's dbus-java
     * finds it, so that both read and write the same keyring: DBUS_SESSION_BUS_ADDRESS, else
     * (with an X display) the address dbus-launch left in ~/.dbus/session-bus, which this reader
     * leaves to java-keyring, else none. Not libdbus's fallback to $XDG_RUNTIME_DIR/bus: dbus-java
     * 4.2 does not take it, and a shim reading a keyring that the writes never reach would serve
     * what they no longer update.
     */
    public SecretServiceReader(Env env) {
        this(env.get("DBUS_SESSION_BUS_ADDRESS"), env.get("DISPLAY") != null, DEADLINE_MILLIS);
    }

    SecretServiceReader(String address, boolean display, long deadlineMillis) {
        Path found = address == null ? null : BusConnection.socketOf(address);
        this.socket = found;
        this.absent = address == null && !display;
        this.why = found != null ? null : address == null
                ? (display ? "no DBUS_SESSION_BUS_ADDRESS; an X-launched bus is java-keyring's to find" : "no session bus")
                : "a bus address other than unix:path";
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public char[] load(String key) {
        if (socket == null) {
            throw absent ? new Absent(why) : cannotAnswer(why);
        }
        if (!Files.exists(socket)) {
            throw new Absent("no session bus at " + socket);
        }
        try (BusConnection bus = BusConnection.open(socket, TrustedPaths.ownUid(), deadlineMillis)) {
            // gnome-keyring registers a new client in an idle callback queued by a message
            // filter, and does not always run it before that client's first call: a first call
            // that needs the registration (OpenSession, SearchItems, ReadAlias) then fails, and
            // OpenSession aborts the whole daemon (gnome-keyring 42, seen with parallel clients).
            // So the first call is one that needs none, answered before anything else is sent,
            // as libsecret does it: the service's properties.
            MessageWriter properties = call(bus, SERVICE_PATH, PROPERTIES, "GetAll", "s");
            properties.string(SERVICE);
            Message first = bus.reply(bus.queue(properties));
            if (NO_OWNER.equals(first.errorName()) || UNKNOWN_SERVICE.equals(first.errorName())) {
                throw new Absent("no Secret Service on the session bus (" + first.errorName() + ")");
            }
            expect(first, "a{sv}");

            MessageWriter alias = call(bus, SERVICE_PATH, SERVICE, "ReadAlias", "s");
            alias.string("default");
            int aliasRead = bus.queue(alias);
            MessageWriter open = call(bus, SERVICE_PATH, SERVICE, "OpenSession", "sv");
            open.string("plain").variantString("");
            int opened = bus.queue(open);
            MessageWriter search = call(bus, SERVICE_PATH, SERVICE, "SearchItems", "a{ss}");
            int attributes = search.startArray(8);
            search.startStruct().string("service").string(JavaKeyringBackend.SERVICE);
            search.startStruct().string("account").string(key);
            search.endArray(attributes, 8);
            int searched = bus.queue(search);

            String collection = expect(bus.reply(aliasRead), "o").string();
            if (collection.equals("/")) {
                throw cannotAnswer("no default collection");
            }
            Message session = expect(bus.reply(opened), "vo");
            session.skip(session.readSignature(), 0);
            String sessionPath = session.string();
            Message found = expect(bus.reply(searched), "aoao");
            List<String> unlocked = inCollection(found, collection);
            List<String> locked = inCollection(found, collection);
            if (!locked.isEmpty()) {
                throw cannotAnswer("the collection is locked");
            }
            if (unlocked.isEmpty()) {
                return null;
            }
            if (unlocked.size() > 1) {
                throw cannotAnswer(unlocked.size() + " items match");
            }

            MessageWriter get = call(bus, SERVICE_PATH, SERVICE, "GetSecrets", "aoo");
            int items = get.startArray(4);
            get.string(unlocked.get(0));
            get.endArray(items, 4);
            get.string(sessionPath);
            Message secrets = expect(bus.reply(bus.queue(get)), "a{o(oayays)}");
            int end = secrets.startArray(8);
            while (secrets.hasNext(end)) {
                secrets.startStruct();
                String item = secrets.string();
                secrets.startStruct();
                secrets.string(); // the session
                secrets.skip("ay", 0); // parameters: none for plain
                if (item.equals(unlocked.get(0))) {
                    return secrets.utf8ByteArray();
                }
                secrets.skip("ays", 0);
            }
            throw cannotAnswer("no secret for the item");
        } catch (ConnectException e) {
            throw new Absent(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyringException k) {
                throw k;
            }
            throw cannotAnswer(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** A call to the Secret Service that must not start it. */
    private static MessageWriter call(BusConnection bus, String path, String iface, String member, String signature) {
        return MessageWriter.methodCall(bus.nextSerial(), MessageWriter.NO_AUTO_START, SECRETS, path, iface, member,
                signature);
    }

    /**
     * The next list of object paths in {@code reply}, keeping those of items in {@code collection}:
     * java-keyring stores into and searches the default collection only, so an item elsewhere
     * with the same attributes is not the one it would read.
     */
    private static List<String> inCollection(Message reply, String collection) throws IOException {
        List<String> items = new ArrayList<>(1);
        int end = reply.startArray(4);
        while (reply.hasNext(end)) {
            String item = reply.string();
            if (item.startsWith(collection) && item.length() > collection.length()
                    && item.charAt(collection.length()) == '/') {
                items.add(item);
            }
        }
        return items;
    }

    private static Message expect(Message reply, String signature) throws IOException {
        if (reply.type() == MessageWriter.ERROR) {
            throw new IOException(reply.errorName());
        }
        if (!reply.signature().equals(signature)) {
            throw new IOException("a reply of signature " + reply.signature() + " where " + signature + " belongs");
        }
        return reply;
    }

    private static KeyringException cannotAnswer(String why) {
        return new KeyringException(DISPLAY_NAME + " was not read directly (" + why + ")");
    }

    /**
     * There is no Secret Service to read: no session bus (no address and no X display, no socket
     * at the address, nothing listening on it), or none on it. Where java-keyring would not
     * find one either, TOKENTRAY_KEYRING=auto means the file cache, as {@link KeyringBackends#select}
     * falls back to it.
     */
    public static final class Absent extends KeyringException {
        Absent(String why) {
            super(DISPLAY_NAME + " is not here (" + why + ")");
        }
    }

    @Override
    public void store(String key, char[] secret) {
        throw new UnsupportedOperationException("the Secret Service reader only reads; java-keyring writes");
    }

    @Override
    public void delete(String key) {
        throw new UnsupportedOperationException("the Secret Service reader only reads; java-keyring writes");
    }
}
