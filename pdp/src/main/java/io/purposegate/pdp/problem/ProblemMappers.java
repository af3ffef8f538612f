package io.purposegate.pdp.problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.purposegate.pdp.token.InvalidTokenException;

/** Turns every client error into {@code application/problem+json}; bad input is never a 500. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidToken(InvalidTokenException e) {
        Response problem = Problem.response(Response.Status.UNAUTHORIZED, "invalid-token", "Invalid or missing token",
                e.getMessage(), List.of());
        return Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Problem.response(400, "invalid-request", "Invalid request", "the request is not valid", e.violations(),
                e.firstLimit());
    }

    @ServerExceptionMapper
    public Response limitExceeded(RequestLimitException e) {
        return Problem.response(400, e.slug(), e.title(), e.getMessage(), List.of(), e.violation());
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String path = e.getPath().isEmpty() ? null : describePath(e);
        return Problem.response(400, "invalid-request", "Invalid decision request",
                (path == null ? "the body" : path) + " has the wrong type", List.of(),
                InputViolation.rule(path, "json.type", "a value has the wrong JSON type"));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problem.response(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON", List.of(),
                InputViolation.rule(null, "json.syntax", "the request body is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json instanceof MismatchedInputException mismatched ? mismatchedInput(mismatched) : malformedJson(json);
        }
        if (status >= 500) {
            return original;
        }
        if (status == 415) {
            // bad input is a 400 like every other: the body is not of the type this endpoint reads
            return Problem.response(Response.Status.BAD_REQUEST, "unsupported-media-type", "Unsupported content type",
                    "the request body must be of the type this endpoint documents", List.of());
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Request not accepted" : type.getReasonPhrase();
        return Problem.response(status, "http-" + status, title, title, List.of());
    }

    private static String describePath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
