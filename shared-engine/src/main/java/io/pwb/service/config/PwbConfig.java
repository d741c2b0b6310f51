package io.pwb.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;

/** Every PWB setting, typed and validated at start-up. Documented in application.properties.example. */
@ConfigMapping(prefix = "pwb")
public interface PwbConfig {

    DatabaseSettings database();

    Api api();

    Ingest ingest();

    Retention retention();

    Planning planning();

    Shadows shadows();

    Demo demo();

    /** Shared data used by the offline tools (read here only so that the setting is known). */
    Data data();

    interface Data {
        /** Folder of the shared traces (PlanetLab, Bitbrains), see io.pwb.engine.trace.SharedData. */
        Optional<String> dir();
    }

    interface DatabaseSettings {
        /** h2 (embedded file database, default) or postgresql. */
        @WithDefault("h2")
        String kind();

        @WithDefault("./data/pwb")
        String h2Path();

        Optional<String> url();

        Optional<String> username();

        Optional<String> password();

        Optional<String> passwordFile();
    }

    interface Api {
        /** Bearer token required for every request that changes state. */
        Optional<String> token();

        /** File holding the token (first line); used when {@code token} is not set. */
        Optional<String> tokenFile();

        /** When false, reading the API needs the token too. */
        @WithDefault("true")
        boolean readOpen();
    }

    interface Ingest {
        /** Largest number of samples written in one database batch. */
        @WithDefault("5000")
        @Min(1)
        int batchSize();

        /** Kafka ingestion; off unless enabled (then kafka.bootstrap.servers must be set). */
        @WithDefault("false")
        boolean kafkaEnabled();

        /** Topic of the samples (JSON; record key = cluster id, so replicas split clusters). */
        @WithDefault("pwb.samples")
        String topic();

        /** Topic that receives invalid messages, with the reason in the pwb-reason header. */
        @WithDefault("pwb.samples.dlq")
        String deadLetterTopic();

        /** Kafka consumers per replica (each polls its share of the partitions; batches are written in turn). */
        @WithDefault("1")
        @Min(1)
        int consumers();

        /** Consumer group shared by all replicas. */
        @WithDefault("pwb")
        String consumerGroup();

        /**
         * At most one warning per cluster this often about Kafka samples dropped for naming a host the cluster does
         * not have (each one is counted in pwb_samples_unknown_host_total).
         */
        @WithDefault("60s")
        Duration unknownHostWarningInterval();
    }

    interface Retention {
        /** How long raw samples are kept before being rolled up into hourly profiles. */
        @WithDefault("P14D")
        Duration rawSamples();

        /** How long hourly profiles are kept. */
        @WithDefault("P365D")
        Duration hourlyProfiles();

        /** How often retention runs. */
        @WithDefault("1h")
        Duration interval();
    }

    interface Planning {
        /** Whether the planning loop runs at all. */
        @WithDefault("true")
        boolean enabled();

        /** A VM with less sample history than this is in training and never moved. */
        @WithDefault("P1D")
        Duration trainingPeriod();

        /** Time between planning cycles of clusters fed by a platform (the demo cluster runs on its own clock). */
        @WithDefault("60s")
        Duration interval();

        /** How often each VM's forecast accuracy is stored; read by {@code PlanningLoop}'s schedule. */
        @WithDefault("60s")
        Duration accuracyInterval();

        /** On start, the forecasters replay this much of each cluster's newest stored samples. */
        @WithDefault("P2D")
        Duration warmUp();

        /** Mode of a cluster seen for the first time: advisory, balance or cost. */
        @WithDefault("advisory")
        String defaultMode();

        @WithDefault("80")
        @DecimalMin("1")
        @DecimalMax("100")
        double defaultCpuThresholdPercent();

        @WithDefault("90")
        @DecimalMin("1")
        @DecimalMax("100")
        double defaultMemoryThresholdPercent();
    }

    /** Life cycle of the shadows (capacity held for planned moves); see docs/decisions.md. */
    interface Shadows {
        /** A reserved move the platform has not started (or a migration that has not arrived) ends after this. */
        @WithDefault("600s")
        Duration timeout();

        /** How long the target is watched after the VM arrives. */
        @WithDefault("900s")
        Duration verification();

        /** Observed target utilisation may exceed the predicted one by this many percentage points. */
        @WithDefault("10")
        @DecimalMin("0")
        @DecimalMax("100")
        double tolerancePercent();

        /** A moved VM is not moved again, nor sent back to the host it left, for this long. */
        @WithDefault("1800s")
        Duration vmCoolDown();

        /** Nothing is placed on the target of a rolled-back move for this long. */
        @WithDefault("1800s")
        Duration hostCoolDown();

        /** Without an observation of the target by the end of verification, wait this much longer, then EXPIRED (unverified). */
        @WithDefault("900s")
        Duration observationGrace();

        /** Consecutive observations above the limit that roll a move back (1 = a single one). */
        @WithDefault("3")
        @Min(1)
        int harmfulObservations();

        /**
         * Move history: for this long after a VM left a host, moving it back there needs a clearly better reason
         * (and consolidation never moves it back).
         */
        @WithDefault("6h")
        Duration returnMemory();

        /** Extra gain (percentage points of excess removed) a move back to a just-left host needs; fades over return-memory. */
        @WithDefault("10")
        @DecimalMin("0")
        @DecimalMax("100")
        double returnExtraGainPercent();

        /**
         * A VM whose reserved move expired because the platform never moved it (it stayed on its source) is not
         * proposed again for this long, so the same refused move is not asked for every cycle.
         */
        @WithDefault("30m")
        Duration expiredCoolDown();
    }

    interface Demo {
        /** Runs the simulated demo cluster when no platform is configured. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("demo")
        String clusterId();

        /** Simulated seconds per real second. */
        @WithDefault("600")
        @Min(1)
        int speedup();

        @WithDefault("8")
        @Min(2)
        int hosts();

        @WithDefault("60")
        @Min(1)
        int vms();

        /** Simulated time fast-forwarded at start (at least the training period, so that VMs may move). */
        @WithDefault("PT26H")
        Duration warmUp();

        /** Seed of the simulation's random numbers (same seed, same demo). */
        @WithDefault("42")
        long seed();
    }
}
