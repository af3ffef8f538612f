package io.purposegate.pdp.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.purposegate.pdp.PdpConfig;

/**
 * Serves the policy directory to OPA as a bundle. The bundle is rebuilt when the files change and swapped
 * in one step, so OPA always downloads one complete revision, which it activates atomically; the ETag
 * is the revision, so OPA's polls cost a 304 while nothing changed.
 */
@Singleton
@jakarta.ws.rs.Path("/v1/bundles")
public class BundleResource {

    private static final Logger LOG = Logger.getLogger(BundleResource.class);

    private final Path policiesDir;
    private final String name;
    private final AtomicReference<Built> current = new AtomicReference<>();

    private record Built(String fingerprint, PolicyBundle bundle) {
    }

    BundleResource(PdpConfig config) {
        this.policiesDir = config.bundle().policiesDir();
        this.name = config.bundle().name();
    }

    @GET
    @jakarta.ws.rs.Path("/{file}")
    @Produces("application/gzip")
    @Operation(summary = "The policy bundle OPA polls (ETag, 304 when unchanged)")
    public Response bundle(@PathParam("file") String file, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!(name + ".tar.gz").equals(file)) {
            throw new NotFoundException();
        }
        PolicyBundle bundle;
        try {
            bundle = current();
        } catch (IOException e) {
            LOG.errorf("cannot build the policy bundle from %s: %s", policiesDir, e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        EntityTag tag = new EntityTag(bundle.revision());
        if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + bundle.revision() + "\""))) {
            return Response.notModified(tag).build();
        }
        return Response.ok(bundle.archive()).tag(tag).build();
    }

    /** The bundle of the files as they are now; rebuilt only when a file's name, size or time changed. */
    public PolicyBundle current() throws IOException {
        String fingerprint = PolicyBundle.fingerprint(policiesDir);
        Built built = current.get();
        if (built == null || !built.fingerprint().equals(fingerprint)) {
            PolicyBundle bundle = PolicyBundle.build(policiesDir, PolicyBundle.defaultRoots());
            built = new Built(fingerprint, bundle);
            current.set(built);
            LOG.infof("policy bundle %s: revision %s (%d files)", name, bundle.revision(), bundle.files());
        }
        return built.bundle();
    }

}
