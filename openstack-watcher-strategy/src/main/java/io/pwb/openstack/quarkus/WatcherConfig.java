package io.pwb.openstack.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code pwb.watcher.*}: how Watcher audits meet PWB's engine. */
@ConfigMapping(prefix = "pwb.watcher")
public interface WatcherConfig {

    /** The engine cluster (forecasts, shadows) that Watcher audits plan in. */
    @WithDefault("openstack")
    String clusterId();
}
