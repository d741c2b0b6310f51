package io.pwb.ovirt.xmlrpc;

/** Shortens echoed input for error messages and logs: one line, bounded length. */
public final class Abbreviation {

    private Abbreviation() {
    }

    public static String abbreviate(String s, int maxChars) {
        if (s == null) {
            return "null";
        }
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, Math.max(0, maxChars - 3)) + "...";
    }
}
