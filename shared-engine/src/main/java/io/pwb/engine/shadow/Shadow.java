package io.pwb.engine.shadow;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Resources;
import java.time.Instant;

/**
 * A capacity reservation for one planned move, and where that move stands. Immutable: every transition yields a
 * new value (what the service persists).
 *
 * @param id                          unique id
 * @param clusterId                   cluster of both hosts
 * @param vmId                        the moving VM
 * @param sourceHostId                where it was when the move was planned
 * @param targetHostId                where capacity is held
 * @param reserved                    capacity held on the target (peak upper forecast of the VM)
 * @param predictedTargetUtilisation  predicted peak utilisation of the target with the VM (0..1)
 * @param thresholdUtilisation        overload threshold of the target
 * @param state                       life-cycle state
 * @param createdAt                   when it was reserved
 * @param updatedAt                   last transition
 * @param deadline                    RESERVED/MIGRATING: when it times out
 * @param verifyUntil                 VERIFYING: end of the verification window; null before
 * @param moveBack                    true for the reverse move emitted by a rollback (never rolled back again)
 * @param decisionId                  the decision that asked for it, or null
 * @param reason                      why the last transition happened
 */
public record Shadow(String id, String clusterId, String vmId, String sourceHostId, String targetHostId,
                     Resources reserved, double predictedTargetUtilisation, double thresholdUtilisation,
                     ShadowState state, Instant createdAt, Instant updatedAt, Instant deadline, Instant verifyUntil,
                     boolean moveBack, String decisionId, String reason) {

    public Shadow {
        for (String[] f : new String[][]{{"id", id}, {"clusterId", clusterId}, {"vmId", vmId},
                {"sourceHostId", sourceHostId}, {"targetHostId", targetHostId}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException("shadow " + id + ": " + f[0] + " must not be blank");
            }
        }
        if (reserved == null || state == null || createdAt == null || updatedAt == null || deadline == null) {
            throw new IllegalArgumentException("shadow " + id + ": reserved, state and times must be set");
        }
        if (!Double.isFinite(predictedTargetUtilisation) || !Double.isFinite(thresholdUtilisation)) {
            throw new IllegalArgumentException("shadow " + id + ": utilisations must be finite");
        }
        if (state == ShadowState.VERIFYING && verifyUntil == null) {
            throw new IllegalArgumentException("shadow " + id + ": VERIFYING needs verifyUntil");
        }
    }

    public Migration migration() {
        return new Migration(vmId, sourceHostId, targetHostId);
    }

    public Reservation reservation() {
        return new Reservation(vmId, sourceHostId, targetHostId, reserved);
    }

    Shadow to(ShadowState next, Instant at, String why, Instant newDeadline, Instant newVerifyUntil) {
        return new Shadow(id, clusterId, vmId, sourceHostId, targetHostId, reserved, predictedTargetUtilisation,
                thresholdUtilisation, next, createdAt, at, newDeadline, newVerifyUntil, moveBack, decisionId, why);
    }
}
