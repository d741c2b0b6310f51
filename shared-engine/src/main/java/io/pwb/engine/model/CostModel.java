package io.pwb.engine.model;

import java.util.Map;
import java.util.Objects;

/**
 * Prices that the ranker turns into comparable per-hour costs.
 *
 * @param defaultPricePerKwh               electricity price where no site or host price is given
 * @param pricePerKwhBySite                electricity price per site
 * @param pricePerKwhByHost                electricity price per host (wins over the site price)
 * @param defaultPowerModel                power model of hosts that carry none
 * @param licenceCostPerHourByClass        cost per hour of carrying a licence class on a host that lacks it
 * @param linkBandwidthBytesPerSecond      migration bandwidth inside a site
 * @param crossSiteBandwidthBytesPerSecond migration bandwidth between sites
 */
public record CostModel(double defaultPricePerKwh, Map<String, Double> pricePerKwhBySite,
                        Map<String, Double> pricePerKwhByHost, PowerModel defaultPowerModel,
                        Map<String, Double> licenceCostPerHourByClass, double linkBandwidthBytesPerSecond,
                        double crossSiteBandwidthBytesPerSecond) {

    /** 0.25 per kWh, HP ML110 G5 power, no licence costs, 10 Gbit/s links (1 Gbit/s across sites). */
    public static final CostModel DEFAULT = new CostModel(0.25, Map.of(), Map.of(),
            PowerModel.HP_PROLIANT_ML110_G5, Map.of(), 1.25e9, 1.25e8);

    public CostModel {
        Checks.nonNegative("defaultPricePerKwh", defaultPricePerKwh);
        pricePerKwhBySite = checkedPrices("pricePerKwhBySite", pricePerKwhBySite);
        pricePerKwhByHost = checkedPrices("pricePerKwhByHost", pricePerKwhByHost);
        Objects.requireNonNull(defaultPowerModel, "defaultPowerModel");
        licenceCostPerHourByClass = checkedPrices("licenceCostPerHourByClass", licenceCostPerHourByClass);
        Checks.positive("linkBandwidthBytesPerSecond", linkBandwidthBytesPerSecond);
        Checks.positive("crossSiteBandwidthBytesPerSecond", crossSiteBandwidthBytesPerSecond);
    }

    private static Map<String, Double> checkedPrices(String what, Map<String, Double> m) {
        if (m == null) {
            return Map.of();
        }
        m.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(what + " has a null key or value");
            }
            Checks.nonNegative(what + "[" + k + "]", v);
        });
        return Map.copyOf(m);
    }

    public CostModel withPricePerKwhByHost(Map<String, Double> prices) {
        return new CostModel(defaultPricePerKwh, pricePerKwhBySite, prices, defaultPowerModel,
                licenceCostPerHourByClass, linkBandwidthBytesPerSecond, crossSiteBandwidthBytesPerSecond);
    }

    public CostModel withLicenceCosts(Map<String, Double> costs) {
        return new CostModel(defaultPricePerKwh, pricePerKwhBySite, pricePerKwhByHost, defaultPowerModel,
                costs, linkBandwidthBytesPerSecond, crossSiteBandwidthBytesPerSecond);
    }

    public double pricePerKwh(Host host) {
        Double byHost = pricePerKwhByHost.get(host.id());
        if (byHost != null) {
            return byHost;
        }
        if (host.site() != null) {
            Double bySite = pricePerKwhBySite.get(host.site());
            if (bySite != null) {
                return bySite;
            }
        }
        return defaultPricePerKwh;
    }

    public PowerModel powerModel(Host host) {
        return host.powerModel() != null ? host.powerModel() : defaultPowerModel;
    }

    /** Cost per hour of a licence class; 0 when unknown or null. */
    public double licenceCostPerHour(String licenceClass) {
        return licenceClass == null ? 0 : licenceCostPerHourByClass.getOrDefault(licenceClass, 0.0);
    }

    /** Seconds to copy a VM's memory once from source to target (the dominant cost of a live migration). */
    public double migrationSeconds(double memoryBytes, Host source, Host target) {
        boolean sameSite = source == null || Objects.equals(source.site(), target.site());
        return memoryBytes / (sameSite ? linkBandwidthBytesPerSecond : crossSiteBandwidthBytesPerSecond);
    }
}
