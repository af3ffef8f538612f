package io.purposegate.keycloak.catalog;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One purpose of the catalog, in the schema of {@code docs/interfaces.md} section 1 (the same
 * file OPA loads as {@code data.purposegate.catalog}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Purpose {

    public static final Set<String> LAWFUL_BASES = Set.of("consent", "contract", "legal_obligation",
            "vital_interests", "public_task", "legitimate_interests");
    public static final Set<String> MASKS = Set.of("redact", "last4", "hash", "year_only", "initials");
    public static final Set<String> CONSENT_MODELS = Set.of("opt_in", "opt_out");

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{1,39}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern DPV = Pattern.compile("https?://\\S+");

    @JsonProperty("id")
    public String id;
    @JsonProperty("name")
    public Map<String, String> name = new LinkedHashMap<>();
    @JsonProperty("description")
    public Map<String, String> description = new LinkedHashMap<>();
    @JsonProperty("lawful_basis")
    public String lawfulBasis;
    @JsonProperty("data_categories")
    public List<String> dataCategories = new ArrayList<>();
    @JsonProperty("masked")
    public Map<String, String> masked = new LinkedHashMap<>();
    @JsonProperty("retention")
    public String retention;
    @JsonProperty("consent_expiry")
    public String consentExpiry;
    @JsonProperty("dpv")
    public String dpv;
    @JsonProperty("sale_or_sharing")
    public boolean saleOrSharing;
    @JsonProperty("consent_model")
    public Map<String, String> consentModel = new LinkedHashMap<>();

    /**
     * Members this class does not interpret (for example policy-only flags such as
     * {@code allowed_while_restricted}): kept, stored and served unchanged, so the realm's copy of
     * a purpose stays the complete catalog entry.
     */
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnySetter
    public void set(String name, Object value) {
        other.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    public boolean consentBased() {
        return "consent".equals(lawfulBasis);
    }

    /** Whether this consent-based purpose needs a consent given before it is lawful in the jurisdiction. */
    public boolean optIn(String jurisdiction) {
        String model = jurisdiction == null ? null : consentModel.get(jurisdiction);
        if (model == null) {
            model = consentModel.getOrDefault("default", "opt_in");
        }
        return !"opt_out".equals(model);
    }

    /** The name in a locale, falling back to English, then to the id. */
    public String name(String locale) {
        return localized(name, locale, id);
    }

    public String description(String locale) {
        return localized(description, locale, "");
    }

    private static String localized(Map<String, String> texts, String locale, String fallback) {
        if (texts == null) {
            return fallback;
        }
        if (locale != null) {
            String exact = texts.get(locale);
            if (exact != null) {
                return exact;
            }
            int dash = locale.indexOf('-');
            if (dash > 0 && texts.get(locale.substring(0, dash)) != null) {
                return texts.get(locale.substring(0, dash));
            }
        }
        return texts.getOrDefault("en", fallback);
    }

    /** Everything wrong with this purpose, in words an admin can act on; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must match " + ID.pattern());
        }
        if (name == null || name.get("en") == null || name.get("en").isBlank()) {
            problems.add("name.en is required");
        }
        if (lawfulBasis == null || !LAWFUL_BASES.contains(lawfulBasis)) {
            problems.add("lawful_basis must be one of " + new java.util.TreeSet<>(LAWFUL_BASES));
        }
        if (dataCategories == null) {
            problems.add("data_categories must be a list");
        } else {
            for (String category : dataCategories) {
                if (category == null || !CATEGORY.matcher(category).matches()) {
                    problems.add("data category '" + category + "' is not a dotted name like user.contact.email");
                }
            }
        }
        if (masked != null) {
            masked.forEach((category, mask) -> {
                if (category == null || !CATEGORY.matcher(category).matches()) {
                    problems.add("masked category '" + category + "' is not a dotted name");
                }
                if (!MASKS.contains(mask)) {
                    problems.add("mask '" + mask + "' must be one of " + new java.util.TreeSet<>(MASKS));
                }
            });
        }
        if (retention == null || !isDuration(retention)) {
            problems.add("retention must be an ISO-8601 duration such as P2Y");
        }
        if (consentExpiry != null) {
            if (!consentBased()) {
                problems.add("consent_expiry applies only to lawful_basis consent");
            } else if (!isDuration(consentExpiry)) {
                problems.add("consent_expiry must be an ISO-8601 duration such as P1Y");
            }
        }
        if (dpv != null && !DPV.matcher(dpv).matches()) {
            problems.add("dpv must be an IRI such as https://w3id.org/dpv#Marketing");
        }
        if (consentModel != null) {
            consentModel.forEach((jurisdiction, model) -> {
                if (!CONSENT_MODELS.contains(model)) {
                    problems.add("consent_model." + jurisdiction + " must be opt_in or opt_out");
                }
            });
        }
        return problems;
    }

    /** An ISO-8601 period (P1Y2M3D) or duration (PT12H, P3DT4H). */
    public static boolean isDuration(String text) {
        return toMillis(text) >= 0;
    }

    /** The length of an ISO-8601 period or duration in milliseconds (years as 365 days), or -1. */
    public static long toMillis(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        try {
            Period period = Period.parse(text);
            if (period.isNegative()) {
                return -1;
            }
            return Duration.ofDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays()).toMillis();
        } catch (DateTimeParseException notAPeriod) {
            try {
                Duration duration = Duration.parse(text);
                return duration.isNegative() ? -1 : duration.toMillis();
            } catch (DateTimeParseException notADuration) {
                return -1;
            }
        }
    }
}
