package io.pwb.engine.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared real traces ({@code ../shared/data} beside the project) for tests and benchmarks.
 * The system property {@code pwb.data.dir} or the environment variable {@code PWB_DATA_DIR} overrides it.
 * Absent data is normal (a user's checkout has none): callers skip with a message.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Optional<Path> root() {
        String configured = System.getProperty("pwb.data.dir", System.getenv("PWB_DATA_DIR"));
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..", "shared", "data");
        p = p.toAbsolutePath().normalize();
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** A sub-folder such as {@code planetlab} or {@code bitbrains}, when present. */
    public static Optional<Path> folder(String name) {
        return root().map(r -> r.resolve(name)).filter(Files::isDirectory);
    }
}
