package io.purposegate.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that touches personal data. Before the method runs, {@link PurposeGateFilter}
 * asks the PDP whether the caller's token may do {@link #action()} on this record for the request's
 * purpose; when the PDP denies or cannot decide, the method does not run.
 *
 * <pre>{@code
 * @GET @Path("/customers/{id}")
 * @PersonalData(type = "customer", fields = {"name", "email", "phone", "address"})
 * public Customer customer(@PathParam("id") String id) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PersonalData {

    /** The request header a caller names its purpose in, when the method does not fix one. */
    String PURPOSE_HEADER = "Data-Purpose";

    /** The resource type, as the policies know it (for example {@code customer}). */
    String type();

    /** The path parameter that holds the record id. */
    String idParam() default "id";

    /** The fields this method returns or changes. */
    String[] fields() default {};

    /** The action on the record. */
    String action() default "read";

    /** A fixed purpose; empty means the caller names it in the {@value #PURPOSE_HEADER} header. */
    String purpose() default "";
}
