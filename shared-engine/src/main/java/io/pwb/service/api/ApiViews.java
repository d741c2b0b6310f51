package io.pwb.service.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.pwb.service.planning.PlanningStatus;
import io.pwb.service.store.ClusterSettingsEntity;
import io.pwb.service.store.CostModelEntity;
import io.pwb.service.store.DecisionEntity;
import io.pwb.service.store.DependencyEdgeEntity;
import io.pwb.service.store.HostEntity;
import io.pwb.service.store.MaintenanceWindowEntity;
import io.pwb.service.store.ShadowEntity;
import io.pwb.service.store.ShadowTransitionEntity;
import io.pwb.service.store.VmEntity;

import java.time.Instant;

/** The JSON shapes of the API (read side). Times are ISO-8601 instants. */
public final class ApiViews {
    private ApiViews() {
    }

    static Instant at(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    static Instant at(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /**
     * @param planning how this replica's planning cycles of the cluster went; null while it has planned none
     */
    public record ClusterView(String id, String mode, double cpuThresholdPercent, double memoryThresholdPercent,
                              long trainingSeconds, Instant createdAt, Instant updatedAt, PlanningView planning) {
        static ClusterView of(ClusterSettingsEntity e, PlanningStatus.Outcome planning) {
            return new ClusterView(e.clusterId, e.mode, e.cpuThresholdPercent, e.memoryThresholdPercent, e.trainingSeconds,
                    at(e.createdAtMs), at(e.updatedAtMs), planning == null ? null : PlanningView.of(planning));
        }
    }

    /**
     * @param state {@code ok}, or {@code failing} while the latest cycles failed (lastError says why)
     */
    public record PlanningView(String state, Instant lastSucceededAt, Instant lastFailedAt, String lastError,
                               int consecutiveFailures) {
        static PlanningView of(PlanningStatus.Outcome o) {
            return new PlanningView(o.failing() ? "failing" : "ok", o.lastSucceededAt(), o.lastFailedAt(), o.lastError(),
                    o.consecutiveFailures());
        }
    }

    public record HostView(String id, double cpuMhz, long memoryBytes, String powerModel, Instant updatedAt) {
        static HostView of(HostEntity e) {
            return new HostView(e.entityId, e.cpuMhz, e.memoryBytes, e.powerModel, at(e.updatedAtMs));
        }
    }

    public record VmView(String id, String hostId, int vcpus, double cpuMhz, long memoryBytes, Instant firstSampleAt,
                         Instant updatedAt) {
        static VmView of(VmEntity e) {
            return new VmView(e.entityId, e.hostId, e.vcpus, e.cpuMhz, e.memoryBytes, at(e.firstSampleAtMs), at(e.updatedAtMs));
        }
    }

    public record DecisionView(String id, String clusterId, Instant createdAt, String vmId, String sourceHostId,
                               String targetHostId, String mode, boolean acted, String summary) {
        static DecisionView of(DecisionEntity e) {
            return new DecisionView(e.id, e.clusterId, at(e.createdAtMs), e.vmId, e.sourceHostId, e.targetHostId, e.mode, e.acted,
                    e.summary);
        }
    }

    /** A decision with its full explanation (criteria, numbers, forecasts it relied on). */
    public record DecisionExplanation(DecisionView decision, @JsonRawValue String explanation) {
    }

    public record ShadowView(String id, String clusterId, String decisionId, String vmId, String sourceHostId,
                             String targetHostId, String state, Instant createdAt, Instant updatedAt) {
        static ShadowView of(ShadowEntity e) {
            return new ShadowView(e.id, e.clusterId, e.decisionId, e.vmId, e.sourceHostId, e.targetHostId, e.state,
                    at(e.createdAtMs), at(e.updatedAtMs));
        }
    }

    public record TransitionView(String fromState, String toState, Instant at, String reason) {
        static TransitionView of(ShadowTransitionEntity e) {
            return new TransitionView(e.fromState, e.toState, ApiViews.at(e.atMs), e.reason);
        }
    }

    public record DependencyView(String fromVmId, String toVmId, double weight) {
        static DependencyView of(DependencyEdgeEntity e) {
            return new DependencyView(e.fromVmId, e.toVmId, e.weight);
        }
    }

    public record MaintenanceWindowView(long id, String hostId, Instant startsAt, Instant endsAt, String reason) {
        static MaintenanceWindowView of(MaintenanceWindowEntity e) {
            return new MaintenanceWindowView(e.id, e.hostId, at(e.startsAtMs), at(e.endsAtMs), e.reason);
        }
    }

    public record CostModelView(double energyPricePerKwh, double licenceCostPerHostHour, double migrationCostPerGib,
                                String currency, Instant updatedAt) {
        static CostModelView of(CostModelEntity e) {
            return new CostModelView(e.energyPricePerKwh, e.licenceCostPerHostHour, e.migrationCostPerGib, e.currency,
                    at(e.updatedAtMs));
        }
    }
}
