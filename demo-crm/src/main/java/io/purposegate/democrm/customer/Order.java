package io.purposegate.democrm.customer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One order of a customer (the policies' category user.behavior.purchase_history). */
public record Order(String id, LocalDate date, BigDecimal total, String currency, List<OrderItem> items) {

    public Order {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
