package io.pwb.ovirt.xmlrpc;

import java.util.List;
import java.util.Map;

/**
 * Serialises XML-RPC responses in the subset the oVirt engine's client parses: {@code <int>}, {@code <string>},
 * {@code <boolean>}, {@code <double>}, {@code <array>} and {@code <struct>}. A {@code null} is a programming error
 * here: the engine rejects a plain {@code <nil/>}, so it is never written.
 */
public final class XmlRpcResponseWriter {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private XmlRpcResponseWriter() {
    }

    public static String success(Object result) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(HEADER).append("<methodResponse><params><param>");
        value(sb, result);
        return sb.append("</param></params></methodResponse>").toString();
    }

    public static String fault(int code, String message) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(HEADER).append("<methodResponse><fault>");
        value(sb, Map.of("faultCode", code, "faultString", message == null ? "" : message));
        return sb.append("</fault></methodResponse>").toString();
    }

    public static String fault(XmlRpcFault fault) {
        return fault(fault.code(), fault.getMessage());
    }

    private static void value(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v instanceof String s) {
            sb.append("<string>");
            escape(sb, s);
            sb.append("</string>");
        } else if (v instanceof Integer i) {
            sb.append("<int>").append(i.intValue()).append("</int>");
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("XML-RPC cannot carry " + d);
            }
            sb.append("<double>").append(d.doubleValue()).append("</double>");
        } else if (v instanceof List<?> list) {
            sb.append("<array><data>");
            for (Object item : list) {
                value(sb, item);
            }
            sb.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<struct>");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append("<member><name>");
                escape(sb, String.valueOf(e.getKey()));
                sb.append("</name>");
                value(sb, e.getValue());
                sb.append("</member>");
            }
            sb.append("</struct>");
        } else if (v == null) {
            throw new IllegalArgumentException("the oVirt engine rejects <nil/>; answer with a value");
        } else {
            throw new IllegalArgumentException("no XML-RPC encoding for " + v.getClass().getName());
        }
        sb.append("</value>");
    }

    /** Escapes markup and drops characters that XML 1.0 cannot carry (they could only come from echoed input). */
    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n') || Character.isSurrogate(c) || c >= 0xFFFE) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
