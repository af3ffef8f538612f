package io.purposegate.keycloak.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.purposegate.keycloak.catalog.Notice;
import io.purposegate.keycloak.catalog.Purpose;
import io.purposegate.keycloak.ledger.ConsentState;

/**
 * What the consent page shows and why; pure, so the rules are unit-tested without a server.
 */
public final class ConsentPage {

    public static final String REASON_FIRST = "first";
    public static final String REASON_NOTICE = "notice";
    public static final String REASON_EXPIRED = "expired";
    public static final String REASON_NEW_PURPOSE = "new_purpose";
    public static final String REASON_GPC = "gpc";

    private ConsentPage() {
    }

    /** Why the user must decide now, or null when nothing is to decide. */
    public static String reason(List<Purpose> catalog, Notice notice, ConsentState state, boolean gpc,
            String jurisdiction, long nowMillis) {
        List<Purpose> choices = catalog.stream().filter(Purpose::consentBased).toList();
        if (choices.isEmpty()) {
            return null;
        }
        if (state.notice() == null) {
            return REASON_FIRST;
        }
        if (notice.materialVersion() != null && !notice.materialVersion().equals(state.materialNotice())) {
            return REASON_NOTICE;
        }
        for (Purpose purpose : choices) {
            if (state.expired(purpose.id, nowMillis)) {
                return REASON_EXPIRED;
            }
        }
        if (gpc) {
            for (Purpose purpose : choices) {
                // only where sale or sharing is lawful by the opt-out default: an explicit, specific
                // consent given on this page is not overridden by a browser-wide signal
                if (purpose.saleOrSharing && state.lawful(purpose, jurisdiction, nowMillis)
                        && !ConsentState.GIVEN.equals(state.stateAt(purpose.id, nowMillis))) {
                    return REASON_GPC;
                }
            }
        }
        for (Purpose purpose : choices) {
            if (!state.entries().containsKey(purpose.id)) {
                return REASON_NEW_PURPOSE;
            }
        }
        return null;
    }

    /**
     * The page model. A box is ticked only for a consent the user gave and that is still valid:
     * nothing is ever pre-ticked on a first visit. With GPC, sale-or-sharing boxes start unticked.
     */
    public static List<Map<String, Object>> items(List<Purpose> catalog, ConsentState state, boolean gpc, String locale,
            long nowMillis) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Purpose purpose : catalog) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", purpose.id);
            item.put("name", purpose.name(locale));
            item.put("description", purpose.description(locale));
            item.put("categories", purpose.dataCategories == null ? List.of() : purpose.dataCategories);
            item.put("lawfulBasis", purpose.lawfulBasis);
            item.put("choice", purpose.consentBased());
            item.put("saleOrSharing", purpose.saleOrSharing);
            boolean gpcRefused = gpc && purpose.saleOrSharing;
            item.put("gpcRefused", gpcRefused);
            boolean given = ConsentState.GIVEN.equals(state.stateAt(purpose.id, nowMillis));
            item.put("checked", purpose.consentBased() && given && !gpcRefused);
            items.add(item);
        }
        return items;
    }
}
