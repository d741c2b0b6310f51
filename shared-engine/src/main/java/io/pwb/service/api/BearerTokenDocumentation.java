package io.pwb.service.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.Set;

/**
 * Describes {@link BearerTokenFilter} in the OpenAPI document: a {@code bearer} security scheme, required by every
 * operation under {@code /api/} that changes state, so Swagger UI offers "Authorize" and sends the token.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class BearerTokenDocumentation implements OASFilter {
    static final String SCHEME = "bearer";
    private static final Set<PathItem.HttpMethod> READS = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD,
            PathItem.HttpMethod.OPTIONS);

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        Components components = openApi.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The token of pwb.api.token or pwb.api.token-file. Needed by every request that changes "
                        + "state; by reads too when pwb.api.read-open=false."));
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/") || item.getOperations() == null) {
                return;
            }
            item.getOperations().forEach((method, operation) -> {
                if (!READS.contains(method)) {
                    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
                }
            });
        });
    }
}
