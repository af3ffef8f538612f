package io.purposegate.democrm.problem;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.purposegate.democrm.store.StoreUnavailableException;

/** Every error demo-crm answers itself is {@code application/problem+json}; bad input is a 400, never a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The database failed: 503; the log gets the SQL state only (a driver's message may quote values). */
    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        LOG.warn(e.getMessage());
        return Problem.of(503, "store-unavailable", "Store unavailable", "the customer records cannot be reached now");
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return Problem.of(400, "invalid-input", "Invalid input", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(400, "invalid-input", "Invalid input", "the request body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response fieldNotAllowed(FieldNotAllowedException e) {
        return Problem.of(403, "field-not-allowed", "Field not allowed", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "Not found", "no such resource");
    }

    /** The rest of Jakarta REST's own errors (405, 406, 415, ...) keep their status, as problems. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = e.getResponse().getStatusInfo();
        return Problem.of(status, status >= 500 ? "server-error" : "request-refused", type.getReasonPhrase(), null);
    }
}
