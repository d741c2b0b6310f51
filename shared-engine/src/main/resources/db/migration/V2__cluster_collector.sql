-- Which platform collector drives a cluster (e.g. 'ovirt https://engine.example.com/ovirt-engine/api'); null for a
-- cluster fed through REST or Kafka. A replica restarted while that platform is unreachable reloads the shadows of
-- the clusters its collector drove, so they still expire at their deadline.
ALTER TABLE cluster_settings ADD COLUMN collected_by VARCHAR(512);
