package io.purposegate.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that touches personal data. The SDK's filter asks the PDP, with the
 * caller's own token, whether this access is allowed for the request's purpose, and lets only what
 * the decision allows leave the service:
 *
 * <ul>
 * <li>one record ({@code list = false}): the PDP is asked before the method runs; the method runs
 * only on an allowed decision, and its JSON entity is then minimised (denied fields removed,
 * masked fields masked, fields the annotation does not name removed);</li>
 * <li>a list ({@code list = true}): the method runs, then the PDP decides every row in batches; rows
 * it denies are dropped, the others minimised row by row.</li>
 * </ul>
 *
 * <pre>{@code
 * @GET @Path("/customers/{id}")
 * @PersonalData(type = "customer", purposes = {"support", "legal"}, fields = {"name", "email", "phone", "address"})
 * public Customer customer(@PathParam("id") String id) { ... }
 *
 * @GET @Path("/customers/me")
 * @PersonalData(type = "customer", subject = PersonalData.Subject.CALLER, purpose = "service", fields = {"name", "email"})
 * public Customer me(@Context SecurityContext caller) { ... }
 *
 * @GET @Path("/campaigns/{campaign}/customers")
 * @PersonalData(type = "customer", purpose = "marketing", list = true, fields = {"name", "email"})
 * public List<Customer> campaign(@PathParam("campaign") String campaign) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PersonalData {

    /** The request header a caller names its purpose in (optional when the method serves one purpose only). */
    String PURPOSE_HEADER = "Data-Purpose";

    /** The request header carrying a break-glass justification (passed to the PDP as {@code context.justification}). */
    String JUSTIFICATION_HEADER = "Data-Justification";

    /** The resource type, as the policies know it (for example {@code customer}). */
    String type();

    /** Single-record methods: the path parameter that holds the record id (with {@link Subject#RECORD_OWNER}). */
    String idParam() default "id";

    /** Whose record this is: found from the record id, or the caller's own. */
    Subject subject() default Subject.RECORD_OWNER;

    /**
     * The personal-data fields this method returns or changes: JSON property names of one record.
     * A dotted name reaches into nested objects and through lists ({@code address.city},
     * {@code orders.total}).
     */
    String[] fields() default {};

    /**
     * Properties of a record that are not personal data and pass unchanged (the record id, for
     * example). Every other property not named in {@link #fields()} is removed from the response.
     */
    String[] unguarded() default {"id"};

    /** The action on the record (read, update, delete, ...). */
    String action() default "read";

    /**
     * The one purpose this method serves: the same as {@code purposes = {...}} with one element. When
     * both are given, the method serves the purposes of both.
     */
    String purpose() default "";

    /**
     * The purposes this method serves. The caller names one in the {@value #PURPOSE_HEADER} header; a
     * request naming any other purpose is answered {@code 400} ({@code purpose.not_served}) before the
     * PDP is asked. When the method serves exactly one purpose, a request without the header is for
     * that one. Nothing declared here or in {@link #purpose()} means every purpose (kept for the first
     * release's annotations; the filter logs a warning once per method): declare them.
     */
    String[] purposes() default {};

    /** The method returns many records: decide each row (in batches) after the method ran. */
    boolean list() default false;

    /**
     * List methods: the property of the returned JSON object holding the rows; empty when the
     * entity itself is the array.
     */
    String rows() default "";

    /** List methods: the property of a row holding its record id. */
    String rowId() default "id";

    /** Whose personal data a single-record method touches. */
    enum Subject {
        /** The owner of the record named by {@link #idParam()}, from {@link DataSubjects#ownerOf}. */
        RECORD_OWNER,
        /**
         * The caller's own record: the data subject is the token's {@code sub} (the PDP verifies the
         * token), the record id comes from {@link DataSubjects#recordOf}.
         */
        CALLER
    }
}
