package io.pwb.service.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleParserTest {
    private final SampleParser parser = new SampleParser(new ObjectMapper());
    private final long now = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

    @Test
    void parsesOneSampleWithIsoTimestampAndDefaultsKindToVm() {
        List<SampleMessage> s = parser.parseRecord(
                "{\"cluster\":\"c1\",\"entity\":\"vm-7\",\"metric\":\"cpu_percent\",\"timestamp\":\"2026-05-31T23:55:00Z\",\"value\":42.5,\"host\":\"h3\"}", now);
        assertEquals(List.of(new SampleMessage("c1", EntityKind.VM, "vm-7", Metric.CPU_PERCENT,
                Instant.parse("2026-05-31T23:55:00Z").toEpochMilli(), 42.5, "h3")), s);
    }

    @Test
    void parsesArraysAndEpochMillisecondsAndHostSamples() {
        List<SampleMessage> s = parser.parseRecord("[{\"cluster\":\"c\",\"kind\":\"host\",\"entity\":\"h1\",\"metric\":\"CPU_MHZ\",\"timestamp\":1000,\"value\":3}," +
                "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"memory_bytes\",\"timestamp\":2000,\"value\":0}]", now);
        assertEquals(2, s.size());
        assertEquals(EntityKind.HOST, s.get(0).kind());
        assertEquals(Metric.CPU_MHZ, s.get(0).metric());
        assertEquals(2000, s.get(1).timestampMs());
        assertNull(s.get(1).hostId());
    }

    @Test
    void refusesBadInputWithAClearReason() {
        assertReason("not JSON", "{nope");
        assertReason("cluster is missing", "{\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":1}");
        assertReason("unknown metric 'cpu'", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu\",\"timestamp\":1,\"value\":1}");
        assertReason("value must be a number", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":\"x\"}");
        assertReason("not negative", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":-1}");
        assertReason("more than a day in the future", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":\"2026-06-03T00:00:00Z\",\"value\":1}");
        assertReason("not a valid id", "{\"cluster\":\"c c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":1}");
        assertReason("kind must be VM or HOST", "{\"cluster\":\"c\",\"kind\":\"disk\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":1}");
        assertReason("timestamp out of range", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"value\":1}");
        assertReason("timestamp out of range", "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":99999999999999999999,\"value\":1}");
        assertReason("element 1: timestamp is missing", "[{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"timestamp\":1,\"value\":1},"
                + "{\"cluster\":\"c\",\"entity\":\"v\",\"metric\":\"cpu_percent\",\"value\":1}]");
    }

    private void assertReason(String expected, String json) {
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> parser.parseRecord(json, now));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
