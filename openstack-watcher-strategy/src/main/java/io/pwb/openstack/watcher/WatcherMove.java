package io.pwb.openstack.watcher;

/**
 * One migration PWB recommends, in the terms of Watcher's {@code migrate} action.
 *
 * @param instanceUuid        the action's resource_id
 * @param sourceHostname      source_node
 * @param destinationHostname destination_node
 * @param migrationType       always {@code live}: only active instances are chosen
 * @param explanation         why this instance and this destination, with the numbers
 * @param shadowId            the capacity reservation held on the destination until the move is observed
 */
public record WatcherMove(String instanceUuid, String instanceName, String sourceHostname,
                          String destinationHostname, String migrationType, String explanation, String shadowId) {
}
