package io.pwb.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets (passwords, tokens) kept in files readable only by PWB, so that they never appear in configuration or
 * logs. Errors name the file, never its content.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /** The file's content; a trailing newline (as left by {@code echo secret > file}) is not part of the secret. */
    public static String read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** The first line of the file, stripped; empty for an empty file. */
    public static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    }

    /** {@link #firstLine}, where a missing, unreadable or empty file is a configuration error. */
    public static String requiredFirstLine(Path file, String what) {
        String first;
        try {
            first = firstLine(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the " + what + " file " + file);
        }
        if (first.isEmpty()) {
            throw new IllegalStateException("the " + what + " file " + file + " is empty");
        }
        return first;
    }
}
