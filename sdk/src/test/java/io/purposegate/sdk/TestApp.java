package io.purposegate.sdk;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain Jersey application guarded by the SDK, for the tests; no JSON provider is registered. */
final class TestApp implements AutoCloseable {

    static final String ALICE = "00000000-0000-4000-8000-0000000a11ce";
    static final String BOB = "00000000-0000-4000-8000-000000000b0b";
    static final String CAROL = "00000000-0000-4000-8000-0000000ca201";
    static final String DAVE = "00000000-0000-4000-8000-000000000da7";
    static final AtomicInteger METHOD_CALLS = new AtomicInteger();

    record Address(String street, String city) {
    }

    record Order(String id, BigDecimal total, String item) {
    }

    record Customer(String id, String owner, String name, String email, String phone, Address address,
            @JsonProperty("birth_date") LocalDate birthDate, List<Order> orders, String segment, String note) {
    }

    static final Map<String, Customer> CUSTOMERS = new LinkedHashMap<>();

    static {
        add(new Customer("c-1", ALICE, "Alice Martin", "alice@example.org", "+33 6 12 34 56 78",
                new Address("12 rue des Lilas", "Paris"), LocalDate.of(1990, 4, 12),
                List.of(new Order("o-1", new BigDecimal("12.50"), "tea"), new Order("o-2", new BigDecimal("3"), "cup")),
                "loyal", "called about a refund"));
        add(new Customer("c-2", BOB, "Bob Chen", "bob@example.com", "+1 415 555 0134",
                new Address("500 Market St", "San Francisco"), LocalDate.of(1985, 11, 3), List.of(), "new", "vip"));
        add(new Customer("c-3", CAROL, "Carol Schmidt", "carol@example.de", "+49 30 1234567",
                new Address("Torstrasse 5", "Berlin"), LocalDate.of(1978, 2, 28), List.of(), "loyal", ""));
        add(new Customer("c-4", DAVE, "Dave Okafor", "dave@example.com", "+1 213 555 0199",
                new Address("1 Grand Ave", "Los Angeles"), LocalDate.of(1999, 7, 21), List.of(), "at-risk", ""));
        // a record whose owner the application does not know: it never leaves
        add(new Customer("c-5", null, "Erin Murphy", "erin@example.ie", "+353 1 555 0101",
                new Address("3 Dame St", "Dublin"), LocalDate.of(1968, 9, 9), List.of(), "new", ""));
    }

    private static void add(Customer customer) {
        CUSTOMERS.put(customer.id(), customer);
    }

    /** The application's owners; counts how often it is asked for many at once. */
    static final class Subjects implements DataSubjects {
        final AtomicInteger ownersOfCalls = new AtomicInteger();

        @Override
        public Optional<String> ownerOf(String type, String id) {
            Customer customer = CUSTOMERS.get(id);
            return "customer".equals(type) && customer != null ? Optional.ofNullable(customer.owner()) : Optional.empty();
        }

        @Override
        public Map<String, String> ownersOf(String type, Collection<String> ids) {
            ownersOfCalls.incrementAndGet();
            return DataSubjects.super.ownersOf(type, ids);
        }

        @Override
        public Optional<String> recordOf(String type, String subject) {
            return CUSTOMERS.values().stream().filter(c -> subject.equals(c.owner())).map(Customer::id).findFirst();
        }
    }

    static final Subjects SUBJECTS = new Subjects();

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Path("/customers")
    public static class CustomerResource {

        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name", "email"})
        public String customer(@PathParam("id") String id) {
            METHOD_CALLS.incrementAndGet();
            return "{\"id\":\"" + id + "\",\"name\":\"Alice\",\"ssn\":\"123-45-6789\"}";
        }

        @GET
        @Path("/{id}/full")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name", "email", "phone", "address", "birth_date", "orders.total", "segment"})
        public Customer full(@PathParam("id") String id) {
            METHOD_CALLS.incrementAndGet();
            return CUSTOMERS.get(id);
        }

        /** Bound to purposes: support sees the record, legal too; no other purpose reaches it. */
        @GET
        @Path("/{id}/ticket")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", purposes = {"support", "legal"}, fields = {"name", "email", "address"})
        public Customer ticket(@PathParam("id") String id) {
            METHOD_CALLS.incrementAndGet();
            return CUSTOMERS.get(id);
        }

        @GET
        @Path("/{id}/profile")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name"}, unguarded = {"id", "segment"})
        public Customer profile(@PathParam("id") String id) {
            METHOD_CALLS.incrementAndGet();
            return CUSTOMERS.get(id);
        }

        @GET
        @Path("/me")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", subject = PersonalData.Subject.CALLER, fields = {"name", "email"})
        public Customer me(@Context ContainerRequestContext request) {
            METHOD_CALLS.incrementAndGet();
            // the SDK resolved the caller's record (DataSubjects.recordOf) and the PDP allowed it
            return CUSTOMERS.get((String) request.getProperty(PurposeGateFilter.RECORD_PROPERTY));
        }

        @GET
        @Path("/{id}/status/{status}")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name"})
        public Response withStatus(@PathParam("id") String id, @PathParam("status") int status) throws Exception {
            METHOD_CALLS.incrementAndGet();
            // as text: the application has no JSON writer, and a status other than 2xx passes unchanged
            return Response.status(status).entity(new ObjectMapper().findAndRegisterModules()
                    .writeValueAsString(CUSTOMERS.get(id))).build();
        }

        @GET
        @Path("/{id}/stream")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", fields = {"name"})
        public StreamingOutput stream(@PathParam("id") String id) {
            return out -> out.write(("{\"name\":\"" + CUSTOMERS.get(id).name() + "\"}").getBytes(StandardCharsets.UTF_8));
        }

        @GET
        @Path("/{id}/exists")
        public String exists(@PathParam("id") String id) {
            return "yes";
        }

        /** Every customer, and a row the application made without an id. */
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", list = true, fields = {"name", "email", "phone"})
        public List<Object> all() {
            METHOD_CALLS.incrementAndGet();
            List<Object> rows = new ArrayList<>(CUSTOMERS.values());
            rows.add(Map.of("name", "No Id"));
            return rows;
        }

        @GET
        @Path("/none")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", list = true, fields = {"name"})
        public List<Customer> none() {
            return List.of();
        }

        /** Misconfigured: names a rows property the entity does not have. */
        @GET
        @Path("/paged")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", list = true, rows = "items", fields = {"name"})
        public List<Customer> paged() {
            return List.copyOf(CUSTOMERS.values());
        }
    }

    @Path("/campaigns")
    public static class CampaignResource {

        @GET
        @Path("/{campaign}/customers")
        @Produces(MediaType.APPLICATION_JSON)
        @PersonalData(type = "customer", purpose = "marketing", list = true, rows = "rows", rowId = "customer_id",
                fields = {"name", "email"})
        public Map<String, Object> campaign(@PathParam("campaign") String campaign) {
            METHOD_CALLS.incrementAndGet();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Customer c : CUSTOMERS.values()) {
                rows.add(Map.of("customer_id", c.id(), "name", c.name(), "email", c.email(), "phone", c.phone()));
            }
            return Map.of("campaign", campaign, "page", 1, "rows", rows);
        }
    }

    /** Another filter answering before the SDK's (a cache, say): a guarded 200 without a decision. */
    @Priority(Priorities.AUTHENTICATION)
    public static class ShortCircuit implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getHeaderString("X-Short-Circuit") != null) {
                request.abortWith(Response.ok("{\"id\":\"c-1\",\"name\":\"Alice\"}", MediaType.APPLICATION_JSON).build());
            }
        }
    }

    /** One client for every test class; closed with the JVM. */
    private static final Client HTTP = ClientBuilder.newClient();

    static Response get(URI base, String path, Map<String, String> headers) {
        var request = HTTP.target(base).path(path).request();
        headers.forEach(request::header);
        return request.get();
    }

    final HttpServer server;
    final URI base;

    TestApp(PurposeGateFilter filter) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            base = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        ResourceConfig config = new ResourceConfig(CustomerResource.class, CampaignResource.class, ShortCircuit.class)
                .register(filter);
        server = GrizzlyHttpServerFactory.createHttpServer(base, config);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
