package io.pwb.service.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** The JSON bodies the API accepts, validated at the edge. */
public final class ApiRequests {
    private ApiRequests() {
    }

    static final String ID = "[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}";

    public record SettingsUpdate(
            @Pattern(regexp = "advisory|balance|cost", message = "must be advisory, balance or cost") String mode,
            @DecimalMin("1") @DecimalMax("100") Double cpuThresholdPercent,
            @DecimalMin("1") @DecimalMax("100") Double memoryThresholdPercent,
            @Min(0) Long trainingSeconds) {
    }

    public record HostUpdate(@NotNull @DecimalMin("1") Double cpuMhz, @NotNull @Min(1) Long memoryBytes,
                             @Size(max = 64) String powerModel) {
    }

    public record VmUpdate(@Pattern(regexp = ID) String hostId, @NotNull @Min(1) Integer vcpus,
                           @NotNull @PositiveOrZero Double cpuMhz, @NotNull @Min(1) Long memoryBytes) {
    }

    public record DependencyEdge(@NotBlank @Pattern(regexp = ID) String fromVmId, @NotBlank @Pattern(regexp = ID) String toVmId,
                                 @NotNull @DecimalMin("0") Double weight) {
    }

    public record Dependencies(@NotNull @Size(max = 100_000) List<@Valid @NotNull DependencyEdge> edges) {
    }

    public record MaintenanceWindowRequest(@NotBlank @Pattern(regexp = ID) String hostId, @NotNull Instant startsAt,
                                           @NotNull Instant endsAt, @Size(max = 1000) String reason) {
    }

    public record CostModelRequest(@NotNull @PositiveOrZero Double energyPricePerKwh,
                                   @NotNull @PositiveOrZero Double licenceCostPerHostHour,
                                   @NotNull @PositiveOrZero Double migrationCostPerGib,
                                   @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
    }
}
