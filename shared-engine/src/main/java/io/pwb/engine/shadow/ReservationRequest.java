package io.pwb.engine.shadow;

import io.pwb.engine.model.Migration;
import io.pwb.engine.model.Resources;

/**
 * What a planned move asks the ledger to hold.
 *
 * @param predictedTargetUtilisation predicted peak utilisation of the target with the VM, for verification
 * @param thresholdUtilisation       the target's overload threshold
 * @param decisionId                 the decision it belongs to, or null
 */
public record ReservationRequest(String clusterId, Migration migration, Resources reserved,
                                 double predictedTargetUtilisation, double thresholdUtilisation,
                                 String decisionId) {
    public ReservationRequest {
        if (clusterId == null || clusterId.isBlank() || migration == null || reserved == null) {
            throw new IllegalArgumentException("a reservation needs a cluster, a migration and an amount");
        }
        if (!Double.isFinite(predictedTargetUtilisation) || !Double.isFinite(thresholdUtilisation)) {
            throw new IllegalArgumentException("predicted and threshold utilisation must be finite");
        }
    }
}
