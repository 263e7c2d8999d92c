package dev.tokentray.testing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Makes a class of Jazzer fuzz tests prove, when it replays (JAZZER_FUZZ unset), that every fuzz
 * test that ran was given every file of its committed corpus,
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/}, and that the corpus holds at least
 * {@link #MIN_SEEDS} inputs. Jazzer alone runs a fuzz test on the empty input plus whatever it
 * finds there, so a corpus that was renamed, moved or never copied to the class path, or a Jazzer
 * that stopped reading it, would pass in silence; with this, the class fails and says which.
 * A class whose fuzz tests ran not once fails too.
 */
public final class CorpusReplayed implements InvocationInterceptor, AfterAllCallback {
    /** Fewer than this is not a corpus of meaningful inputs. */
    public static final int MIN_SEEDS = 3;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CorpusReplayed.class);

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        if (!fuzzing() && invocationContext.getArguments().size() == 1
                && invocationContext.getArguments().get(0) instanceof byte[] input) {
            seen(extensionContext).computeIfAbsent(invocationContext.getExecutable().getName(),
                    m -> ConcurrentHashMap.newKeySet()).add(sha256(input));
        }
        invocation.proceed();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (fuzzing()) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        Map<String, Set<String>> seen = seen(context);
        if (seen.isEmpty()) {
            throw new AssertionError(testClass.getSimpleName() + ": no fuzz test replayed any input; is "
                    + "jazzer-junit on the test class path and each target a @FuzzTest taking byte[]?");
        }
        List<String> problems = new ArrayList<>();
        for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, FuzzTest.class,
                org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN)) {
            Set<String> replayed = seen.get(method.getName());
            if (replayed == null) {
                continue; // filtered out of this run (e.g. -Dtest=Class#other)
            }
            String where = testClass.getSimpleName() + "Inputs/" + method.getName();
            List<Path> corpus = corpus(testClass, where);
            if (corpus.size() < MIN_SEEDS) {
                problems.add(method.getName() + ": the corpus " + where + " has " + corpus.size()
                        + " inputs on the test class path, fewer than " + MIN_SEEDS);
                continue;
            }
            for (Path file : corpus) {
                if (!replayed.contains(sha256(Files.readAllBytes(file)))) {
                    problems.add(method.getName() + ": " + file.getFileName() + " of " + where + " was not replayed");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(testClass.getSimpleName() + " did not replay its corpus: "
                    + String.join("; ", problems));
        }
    }

    /** Every file under the method's inputs directory (as Jazzer walks it: recursively), or none. */
    private static List<Path> corpus(Class<?> testClass, String where) throws IOException {
        URL url = testClass.getResource(where);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read " + url, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> seen(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext.getStore(NS).getOrComputeIfAbsent("seen", k -> new ConcurrentHashMap<String, Set<String>>(),
                Map.class);
    }

    /** Jazzer's own rule: JAZZER_FUZZ (variable or property) set to a true value means fuzzing. */
    public static boolean fuzzing() {
        return truthy(System.getenv("JAZZER_FUZZ")) || truthy(System.getProperty("JAZZER_FUZZ"));
    }

    private static boolean truthy(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
