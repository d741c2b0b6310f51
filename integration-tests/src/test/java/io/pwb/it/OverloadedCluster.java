package io.pwb.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cluster of the replica tests, fed through Kafka: four busy VMs on host-a (about 96 % of it) and an empty host-b,
 * so a replica that plans it predicts an overload with one safe move and reserves one shadow. Also reads what a
 * replica's metrics say about it.
 */
final class OverloadedCluster {
    static final long STEP_MS = 300_000L;
    private static final int VMS = 4;

    final String id;
    private final String topic;
    private final KafkaProducer<String, String> producer;
    /** The five-minute step of "now" ({@link #publishStep} counts from it). */
    private final long currentStep = System.currentTimeMillis() / STEP_MS * STEP_MS;

    OverloadedCluster(String id, String topic, KafkaProducer<String, String> producer) {
        this.id = id;
        this.topic = topic;
        this.producer = producer;
    }

    /** Registers the cluster in balance mode, its hosts and its VMs (all on host-a) through the REST API. */
    OverloadedCluster create(PwbApp app, String token) throws Exception {
        assertEquals(200, app.send("PUT", "/api/v1/clusters/" + id + "/settings",
                "{\"mode\":\"balance\",\"trainingSeconds\":0}", token).statusCode());
        for (String host : List.of("host-a", "host-b")) {
            HttpResponse<String> r = app.send("PUT", "/api/v1/clusters/" + id + "/hosts/" + host,
                    "{\"cpuMhz\":10000,\"memoryBytes\":68719476736}", token);
            assertEquals(200, r.statusCode(), r.body());
        }
        for (int vm = 0; vm < VMS; vm++) {
            HttpResponse<String> r = app.send("PUT", "/api/v1/clusters/" + id + "/vms/vm-" + vm,
                    "{\"hostId\":\"host-a\",\"vcpus\":2,\"cpuMhz\":5000,\"memoryBytes\":2147483648}", token);
            assertEquals(200, r.statusCode(), r.body());
        }
        return this;
    }

    /** Five hours of history up to the current step: the busy VMs predict an overload of host-a. */
    void publishHistory() {
        for (int i = -60; i <= 0; i++) {
            publishStep(i, null, null);
        }
    }

    /** Step {@code i} after the current one: CPU samples of the VMs, all on host-a except {@code movedVm} on {@code movedTo}. */
    void publishStep(int i, String movedVm, String movedTo) {
        long tsMs = currentStep + i * STEP_MS;
        for (int v = 0; v < VMS; v++) {
            String vm = "vm-" + v;
            String host = vm.equals(movedVm) ? movedTo : "host-a";
            double mhz = 2300 + 100 * (((i % 3) + 3 + v) % 3);
            producer.send(new ProducerRecord<>(topic, id, "{\"cluster\":\"" + id + "\",\"entity\":\"" + vm
                    + "\",\"metric\":\"cpu_mhz\",\"timestamp\":" + tsMs + ",\"value\":" + mhz + ",\"host\":\"" + host + "\"}"));
        }
        producer.flush();
    }

    /** How many planning cycles of this cluster the replica ran. */
    long planningCycles(PwbApp replica) {
        Matcher m = Pattern.compile("^pwb_planning_cycle_seconds_count\\{[^}]*cluster=\"" + Pattern.quote(id)
                + "\"[^}]*\\} (\\S+)", Pattern.MULTILINE).matcher(replica.metrics());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** RESERVED shadows held by the replica's ledger (the pwb_shadows gauge); -1 before the gauge is registered. */
    static long reservedInLedger(PwbApp replica) {
        Matcher m = Pattern.compile("^pwb_shadows\\{[^}]*state=\"RESERVED\"[^}]*\\} (\\S+)", Pattern.MULTILINE)
                .matcher(replica.metrics());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
