package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.pwb.openstack.collector.NovaApi.text;

/**
 * Nova's server groups of every project ({@code GET /os-server-groups?all_projects=True}, which Nova cuts at its
 * max_limit and pages by offset): without all_projects an admin sees only its own project's groups, and the
 * affinity rules of every other project would be ignored. A user not allowed to list all projects (403) gets its
 * own project's groups, with a warning.
 */
final class NovaServerGroups {

    /** The groups, and the warning when only the token's own project could be listed. */
    record Listing(List<ServerGroup> groups, Optional<String> warning) {
    }

    private static final String PATH = "os-server-groups";

    private final NovaApi nova;

    NovaServerGroups(NovaApi nova) {
        this.nova = nova;
    }

    Listing list() {
        try {
            return new Listing(groups(nova.offsetPaged(PATH + "?all_projects=True", "server_groups")),
                    Optional.empty());
        } catch (OpenStackCallException e) {
            if (e.status() != 403) {
                throw e;
            }
        }
        return new Listing(groups(nova.offsetPaged(PATH, "server_groups")), Optional.of("Nova refused to list the "
                + "server groups of all projects (HTTP 403; policy os_compute_api:os-server-groups:index:all_projects):"
                + " only the groups of PWB's own project are known, other projects' affinity rules are not applied"));
    }

    private static List<ServerGroup> groups(List<JsonNode> items) {
        List<ServerGroup> out = new ArrayList<>();
        for (JsonNode g : items) {
            List<String> members = new ArrayList<>();
            g.path("members").forEach(m -> members.add(m.asText()));
            out.add(new ServerGroup(text(g, "id"), text(g, "name"), policy(g), members));
        }
        return out;
    }

    /** {@code policy} from microversion 2.64, {@code policies} (a list of one) before it. */
    private static String policy(JsonNode g) {
        String policy = text(g, "policy");
        if (policy != null) {
            return policy;
        }
        JsonNode policies = g.path("policies");
        return policies.isArray() && !policies.isEmpty() ? policies.get(0).asText() : "";
    }
}
